using System.Text.Json;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>The registry's reads as a user meets them: agreements listed, a commitment's history with its log entries.</summary>
[Collection(ServerCollection.Name)]
public sealed class RegistryReadsCliTests(AccordServerFixture server)
{
    private string Url => server.Address.ToString();

    [Fact]
    public async Task CommitmentHistory_PendingActivatedWithdrawn_EachWithTheLogEntryThatMadeIt()
    {
        var labA = await TestParty.RegisterAsync(server.Registry, "hist-a");
        var labB = await TestParty.RegisterAsync(server.Registry, "hist-b");
        var agreement = await labA.ProposeAsync($"hist-{Guid.NewGuid().ToString("N")[..8]}", [labA.Id, labB.Id]);
        var registered = await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest
        {
            Envelope = labA.Sign(labA.Statement(TestParty.Pause(), new ActivationCondition
            {
                AgreementId = agreement.AgreementId,
                Parties = new PartySet { PartyIds = { labA.Id, labB.Id } },
            })),
        });
        await labA.SignAsync(agreement);
        var activating = await server.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = labB.SignatureOn(agreement) });
        var withdrawn = await server.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest
        {
            Envelope = labA.Sign(new CommitmentWithdrawal { Header = Accord.Client.RequestSigning.Header(labA.Id), CommitmentId = registered.Commitment.CommitmentId, Reason = "superseded" }),
        });

        var history = withdrawn.Commitment.History;
        Assert.Equal([CommitmentStatus.Pending, CommitmentStatus.Active, CommitmentStatus.Withdrawn], history.Select(e => e.Status));
        Assert.Equal(registered.Receipt.Index, history[0].LogIndex);
        Assert.Equal(activating.Receipt.Index, history[1].LogIndex);
        Assert.Equal(withdrawn.Receipt.Index, history[2].LogIndex);
        Assert.Contains(agreement.AgreementId, history[1].Reason);
        Assert.Equal(activating.Agreement.Signatures[1].LogIndex, history[1].LogIndex);

        var shown = await CliRunner.RunAsync("commitment", "show", registered.Commitment.CommitmentId[..12], "--server", Url);
        Assert.Equal(0, shown.Code);
        Assert.Contains($"pending    binds", shown.Out);
        Assert.Contains($"(log entry {activating.Receipt.Index})", shown.Out);
        Assert.Contains($"withdrawn  withdrawn by its party with a signed withdrawal (log entry {withdrawn.Receipt.Index})", shown.Out);
    }

    [Fact]
    public async Task UnconditionalCommitment_HistoryIsOneActiveEntryAtItsStatement()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "hist-u");
        var registered = await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = lab.Sign(lab.Statement(TestParty.Pause())) });

        var only = Assert.Single(registered.Commitment.History);
        Assert.Equal(CommitmentStatus.Active, only.Status);
        Assert.Equal(registered.Receipt.Index, only.LogIndex);
    }

    [Fact]
    public async Task AgreementList_ByParty_ListsTheAgreementsNamingIt_JsonHasEveryPage()
    {
        var labA = await TestParty.RegisterAsync(server.Registry, "list-a");
        var labB = await TestParty.RegisterAsync(server.Registry, "list-b");
        var labC = await TestParty.RegisterAsync(server.Registry, "list-c");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ab = await labA.ProposeAsync($"ab-{suffix}", [labA.Id, labB.Id]);
        var bc = await labB.ProposeAsync($"bc-{suffix}", [labB.Id, labC.Id]);
        await labA.SignAsync(ab);

        var ofA = await CliRunner.RunAsync("agreement", "list", "--party", labA.Id, "--server", Url);
        var ofB = await CliRunner.RunAsync("agreement", "list", "--party", labB.Id, "--json", "--server", Url);
        var unknown = await CliRunner.RunAsync("agreement", "list", "--party", "no-such-party", "--server", Url);

        Assert.Equal(0, ofA.Code);
        Assert.Contains(ab.AgreementId, ofA.Out);
        Assert.Contains("1/2 signed", ofA.Out);
        Assert.DoesNotContain(bc.AgreementId, ofA.Out);
        Assert.Equal(0, ofB.Code);
        using var json = JsonDocument.Parse(ofB.Out);
        Assert.Equal([ab.AgreementId, bc.AgreementId], json.RootElement.GetProperty("agreements").EnumerateArray().Select(a => a.GetProperty("agreementId").GetString()));
        Assert.Equal(ExitCodes.Refused, unknown.Code);
        Assert.Contains("NOT_FOUND", unknown.Err);
    }

    [Fact]
    public async Task ListAgreements_Paged_EveryAgreementOnceInIdOrder()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "page-a");
        var other = await TestParty.RegisterAsync(server.Registry, "page-b");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await lab.ProposeAsync($"page-{i}-{Guid.NewGuid().ToString("N")[..6]}", [lab.Id, other.Id])).AgreementId);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await server.Registry.ListAgreementsAsync(new ListAgreementsRequest { PartyId = lab.Id, PageSize = 2, PageToken = token });
            Assert.True(page.Agreements.Count <= 2);
            seen.AddRange(page.Agreements.Select(a => a.AgreementId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }
}
