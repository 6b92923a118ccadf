using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Registry;

/// <summary>A server restarted on the same data directory keeps everything it acknowledged.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Restart_SameDataDirectory_KeepsPartiesCommitmentsSignaturesAndStatuses()
    {
        var labs = new List<TestParty>();
        for (var i = 0; i < 3; i++)
        {
            labs.Add(await TestParty.RegisterAsync(_server.Registry, "lab"));
        }

        var agreement = await labs[0].ProposeAsync("restart-accord", labs.Select(l => l.Id));
        var condition = new ActivationCondition { AgreementId = "restart-accord", Threshold = 3 };
        var conditional = await labs[0].CommitAsync(TestParty.Pause(), condition);
        var unconditional = await labs[1].CommitAsync(new CommitmentTerms { TrainingRunCap = new TrainingRunComputeCap { MaxFlop = 1e24, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } } });
        var withdrawn = await labs[2].CommitAsync(TestParty.Pause(1e25, 3));
        await _server.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest
        {
            Envelope = labs[2].Sign(new CommitmentWithdrawal { Header = Accord.Client.RequestSigning.Header(labs[2].Id), CommitmentId = withdrawn.CommitmentId, Reason = "test" }),
        });
        await labs[0].SignAsync(agreement);
        await labs[1].SignAsync(agreement);
        var lastSignature = labs[2].SignatureOn(agreement);
        await _server.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = lastSignature });
        var before = await Snapshot(labs);

        await _server.RestartAsync();

        var after = await Snapshot(labs);
        Assert.Equal(before, after);
        Assert.Contains(after, r => r.Contains(conditional.CommitmentId) && r.Contains("COMMITMENT_STATUS_ACTIVE"));
        Assert.Contains(after, r => r.Contains(unconditional.CommitmentId) && r.Contains("COMMITMENT_STATUS_ACTIVE"));
        Assert.Contains(after, r => r.Contains(withdrawn.CommitmentId) && r.Contains("COMMITMENT_STATUS_WITHDRAWN"));

        // The restarted server still refuses the nonces it saw before the restart.
        await Refusals.AssertRefusedAsync(Grpc.Core.StatusCode.AlreadyExists, "REPLAYED_NONCE",
            () => _server.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = lastSignature }).ResponseAsync);
        Assert.Equal(after, await Snapshot(labs));
    }

    private async Task<List<string>> Snapshot(IEnumerable<TestParty> labs)
    {
        var rows = new List<string>();
        foreach (var lab in labs)
        {
            rows.Add((await _server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = lab.Id })).Party.ToString());
        }

        rows.Add((await _server.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = "restart-accord" })).Agreement.ToString());
        foreach (var c in (await _server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest())).Commitments)
        {
            rows.Add(c.ToString());
        }

        return rows;
    }
}
