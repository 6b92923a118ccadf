using System.Security.Cryptography;
using System.Text;
using Accord.Cli.Commands;
using Accord.Client;
using Accord.Client.Verdicts;
using Accord.Core.Keys;
using Accord.Bundles;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.IntegrationTests.Compliance;

/// <summary>
/// A signed verdict says what the compliance ledger says, never less: the two ways it once disagreed (a split run
/// judged as two runs; a report straddling activation dropped), and the server refusing a verdict that contradicts it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class VerdictRegressionTests(AccordServerFixture server) : IDisposable
{
    private static readonly TimeSpan Length = TimeSpan.FromMilliseconds(100);

    private readonly string _dir = Directory.CreateTempSubdirectory("accord-verdict-regression-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task InspectVerdict_SplitRunJoinedByPeerFingerprint_BreachedAsTheLedgerSays()
    {
        // Arrange: two devices of one collective group report the same run under two workload ids, each under
        // the cap alone (3 reports of 4.947e13 FLOP), together over it.
        var kit = await DeviceKit.CreateAsync(server);
        var a = await kit.ReadyDeviceAsync();
        var b = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(RunCap(2e14));
        a.IntervalEnd = b.IntervalEnd = cap.ActivatedAt.ToDateTimeOffset();
        var reports = new List<Envelope>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(a.Sign(WithPeer(a.Next(length: Length), "run-b1", b)));
            reports.Add(b.Sign(WithPeer(b.Next(length: Length), "run-b2", a)));
        }

        await kit.StreamAsync(kit.Lab, reports);
        await WaitUntil(a.IntervalEnd);

        // Act
        var status = await LedgerState(kit.Lab.Id, cap.CommitmentId);
        var (verdict, verified) = await VerdictThroughTheCli(kit, cap.CommitmentId);

        // Assert
        Assert.Equal(ComplianceState.Breached, status);
        Assert.Contains("BREACHED: commitment " + cap.CommitmentId, verdict);
        Assert.Contains("run-b1 + run-b2 (joined)", verdict.Replace("run-b2 + run-b1", "run-b1 + run-b2", StringComparison.Ordinal));
        Assert.Contains("BREACHED: commitment " + cap.CommitmentId, verified);
        Assert.Contains("verifies offline", verified);
    }

    [Fact]
    public async Task InspectVerdict_ReportStraddlingActivation_BreachedAsTheLedgerSays()
    {
        // Arrange: the first report begins half a report before the cap binds; the half inside takes the run
        // over the cap (2.5 x 4.947e13 > 1.1e14), the reports wholly inside do not (2 x 4.947e13).
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(RunCap(1.1e14));
        reporter.IntervalEnd = cap.ActivatedAt.ToDateTimeOffset() - (Length / 2);
        await kit.StreamAsync(kit.Lab, [reporter.Sign(reporter.Next(length: Length)), reporter.Sign(reporter.Next(length: Length)), reporter.Sign(reporter.Next(length: Length))]);
        await WaitUntil(reporter.IntervalEnd);

        // Act
        var status = await LedgerState(kit.Lab.Id, cap.CommitmentId);
        var (verdict, verified) = await VerdictThroughTheCli(kit, cap.CommitmentId);

        // Assert
        Assert.Equal(ComplianceState.Breached, status);
        Assert.Contains("BREACHED: commitment " + cap.CommitmentId, verdict);
        Assert.Contains("3 report(s)", verdict);
        Assert.Contains("BREACHED: commitment " + cap.CommitmentId, verified);
    }

    [Fact]
    public async Task IssueVerdict_FindingThatContradictsTheLedger_RefusedAndNothingLogged()
    {
        // Arrange: a breached cap; the inspector flips the prepared finding to "holds" before signing.
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(RunCap(5e13));
        reporter.IntervalEnd = cap.ActivatedAt.ToDateTimeOffset();
        await kit.StreamAsync(kit.Lab, [reporter.Sign(reporter.Next(length: Length)), reporter.Sign(reporter.Next(length: Length))]);
        await WaitUntil(reporter.IntervalEnd);
        var compliance = new ComplianceService.ComplianceServiceClient(server.Channel);
        var query = new VerdictQuery { Header = RequestSigning.Header(kit.Inspector.Id), PartyId = kit.Lab.Id, CommitmentIds = { cap.CommitmentId } };
        var prepared = await compliance.PrepareVerdictAsync(new PrepareVerdictRequest { Envelope = kit.Inspector.Sign(query) });
        var verdict = prepared.Verdict;
        Assert.Equal(FindingState.Breached, Assert.Single(verdict.Findings).State);
        verdict.Findings[0].State = FindingState.Holds;
        verdict.Header = RequestSigning.Header(kit.Inspector.Id);
        var log = new TransparencyLogService.TransparencyLogServiceClient(server.Channel);
        var before = (await log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;

        // Act
        var refused = await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "VERDICT_CONTRADICTS_LEDGER", async () =>
            await compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = RequestSigning.Sign(verdict, kit.Inspector.Key) }));

        // Assert
        Assert.Contains("the compliance ledger says breached", refused.Status.Detail);
        var after = (await log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task PrepareVerdict_ByALab_PermissionDenied()
    {
        var kit = await DeviceKit.CreateAsync(server);
        await kit.Lab.CommitAsync(RunCap(1e20));
        var compliance = new ComplianceService.ComplianceServiceClient(server.Channel);
        var query = new VerdictQuery { Header = RequestSigning.Header(kit.Lab.Id), PartyId = kit.Lab.Id };

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_AN_INSPECTOR", async () =>
            await compliance.PrepareVerdictAsync(new PrepareVerdictRequest { Envelope = kit.Lab.Sign(query) }));
    }

    [Fact]
    public async Task VerdictClient_EveryBindingCommitment_OneFindingEachAndTheBundleVerifies()
    {
        // Arrange: a cap and a pause, both binding; one device reporting under both.
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(RunCap(1e20));
        var pause = await kit.Lab.CommitAsync(TestParty.Pause());
        reporter.IntervalEnd = pause.ActivatedAt.ToDateTimeOffset();
        await kit.StreamAsync(kit.Lab, [reporter.Sign(reporter.Next(length: Length))]);
        await WaitUntil(reporter.IntervalEnd);

        // Act
        var issued = await new VerdictClient(server.Channel.CreateCallInvoker(), new KeyFileContents(kit.Inspector.Id, kit.Inspector.Key)).IssueAsync(kit.Lab.Id, [], CancellationToken.None);

        // Assert
        Assert.True(issued.Check.Valid, string.Join("\n", issued.Check.Steps));
        Assert.Equal(new[] { cap.CommitmentId, pause.CommitmentId }.Order(StringComparer.Ordinal), issued.Verdict.Findings.Select(f => f.CommitmentId).Order(StringComparer.Ordinal));
        Assert.All(issued.Verdict.Findings, f => Assert.Equal(FindingState.Holds, f.State));
    }

    private static CommitmentTerms RunCap(double maxFlop) => new()
    {
        TrainingRunCap = new TrainingRunComputeCap { MaxFlop = maxFlop, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } },
    };

    private static MonitoringReport WithPeer(MonitoringReport report, string workload, Reporter peer)
    {
        report.WorkloadId = workload;
        report.PeerDeviceHashes.Add(ByteString.CopyFrom(SHA256.HashData(Encoding.UTF8.GetBytes(peer.Device.DeviceId))));
        return report;
    }

    private static async Task WaitUntil(DateTimeOffset end)
    {
        var wait = end - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private async Task<ComplianceState> LedgerState(string partyId, string commitmentId)
    {
        var status = await new ComplianceService.ComplianceServiceClient(server.Channel).GetStatusAsync(new GetStatusRequest { PartyId = partyId });
        return status.Commitments.Single(c => c.CommitmentId == commitmentId).State;
    }

    private async Task<(string Verdict, string Verified)> VerdictThroughTheCli(DeviceKit kit, string commitmentId)
    {
        var key = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".key");
        KeyFile.Write(key, kit.Inspector.Id, kit.Inspector.Key);
        var bundle = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".bundle");
        var verdict = await CliRunner.RunAsync("inspect", "verdict", "--key", key, "--party", kit.Lab.Id, "--commitment", commitmentId, "--out", bundle, "--server", server.Address.ToString());
        Assert.True(verdict.Code == ExitCodes.Ok, verdict.Err + verdict.Out);
        var verified = await CliRunner.RunAsync("inspect", "verify-bundle", bundle);
        Assert.True(verified.Code == ExitCodes.Ok, verified.Err + verified.Out);
        return (verdict.Out, verified.Out);
    }
}
