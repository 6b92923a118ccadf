using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// Public reads give aggregates only (security finding 7): after a lab's run breaks its cap, the commitment's status
/// reason and the public status name neither the run nor the device, while the lab and inspectors read both; a training
/// notice's workload id and expected FLOP are withheld from the log for everyone but the lab and inspectors.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PublicDetailTests(AccordServerFixture server)
{
    [Fact]
    public async Task Breach_PublicStatusAndStatusReason_NameNoRunOrDevice_TheLabsRunDetailsDo()
    {
        var s = await AuthorizationScenario.CreateAsync(server);
        var runId = "run-1"; // the workload id the scenario's reports carry
        var deviceId = s.Device.Device.DeviceId;

        var commitment = (await s.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = s.Cap.CommitmentId })).Commitment;
        var status = (await s.Compliance.GetStatusAsync(new GetStatusRequest { PartyId = s.OwnLab.Id })).Commitments.Single(c => c.CommitmentId == s.Cap.CommitmentId);
        var details = await s.Compliance.GetRunDetailsAsync(new GetRunDetailsRequest
        {
            Envelope = s.OwnLab.Sign(new RunDetailsQuery { Header = RequestSigning.Header(s.OwnLab.Id), PartyId = s.OwnLab.Id }),
        });

        Assert.Equal(CommitmentStatus.Breached, commitment.Status);
        Assert.Equal(ComplianceState.Breached, status.State);
        foreach (var text in new[] { commitment.StatusReason, status.Why })
        {
            Assert.StartsWith("breached", text, StringComparison.Ordinal);
            Assert.Contains("against the limit of", text, StringComparison.Ordinal);
            Assert.DoesNotContain(runId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(deviceId, text, StringComparison.Ordinal);
        }

        Assert.Contains(details.Violations, v => v.CommitmentId == s.Cap.CommitmentId && v.Explanation.Contains(runId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrainingNotice_InTheLog_WithheldFromAnyoneAndOtherLabs_ShownToItsLabAndInspectors()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "notifier");
        var other = await TestParty.RegisterAsync(server.Registry, "nosy");
        var inspector = await TestParty.RegisterAsync(server.Registry, "insp", PartyRole.Inspector);
        var compliance = new ComplianceService.ComplianceServiceClient(server.Channel);
        var notified = await compliance.NotifyTrainingAsync(new NotifyTrainingRequest
        {
            Envelope = lab.Sign(new TrainingNotification { Header = RequestSigning.Header(lab.Id), WorkloadId = "secret-run-7", ExpectedFlop = 3e25 }),
        });

        async Task<LogEntry> Read(TestParty? reader) => (await server.Log.GetEntriesAsync(new GetEntriesRequest
        {
            Start = notified.Receipt.Index,
            Count = 1,
            Reader = reader?.Sign(new EntriesReader { Header = RequestSigning.Header(reader.Id) }),
        })).Entries[0];

        foreach (var blind in new[] { null, other })
        {
            var entry = await Read(blind);
            Assert.True(entry.Withheld);
            Assert.True(entry.Entry.IsEmpty);
            Assert.Equal(notified.Receipt.LeafHash, entry.LeafHash);
        }

        foreach (var seeing in new[] { lab, inspector })
        {
            var entry = await Read(seeing);
            Assert.False(entry.Withheld);
            Assert.Equal("secret-run-7", TrainingNotification.Parser.ParseFrom(Envelope.Parser.ParseFrom(entry.Entry).Payload).WorkloadId);
        }
    }
}
