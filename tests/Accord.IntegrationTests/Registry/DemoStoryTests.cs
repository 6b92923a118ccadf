using Accord.Cli.Commands;
using Accord.Bundles;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Spectre.Console;

namespace Accord.IntegrationTests.Registry;

[Collection(ServerCollection.Name)]
public sealed class DemoStoryTests(AccordServerFixture server)
{
    [Fact]
    public async Task RunAsync_ThreeLabsSign_AgreementAndEveryPauseActivateOnTheThirdSignature()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 240;

        var outcome = await new DemoStory(server.Registry, console).RunAsync("-" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Equal(AgreementStatus.Active, outcome.Agreement.Status);
        Assert.Equal(3, outcome.Agreement.Signatures.Count);
        Assert.Equal(3, outcome.Commitments.Count);
        Assert.All(outcome.Commitments, c => Assert.Equal(CommitmentStatus.Active, c.Status));
        Assert.All(outcome.Commitments, c => Assert.Equal(c.ActivatedAt.ToDateTimeOffset().AddMonths(6), c.EndsAt.ToDateTimeOffset()));
        Assert.StartsWith("ALREADY_EXISTS (REPLAYED_NONCE)", outcome.RefusedReplay);
        Assert.Contains("pauses active: 0/3", output.ToString());
        Assert.Contains("pauses active: 3/3", output.ToString());
    }

    [Fact]
    public async Task DemoLoop_AfterTheStory_CatchesTheSplitRunAndTheOverrunAndTheVerdictVerifiesOffline()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        console.Profile.Width = 240;
        var suffix = "-" + Guid.NewGuid().ToString("N")[..6];
        var report = Path.Combine(Path.GetTempPath(), "accord-demo-test-" + Guid.NewGuid().ToString("N")[..8]);
        var story = await new DemoStory(server.Registry, console).RunAsync(suffix);

        try
        {
            var loop = await new DemoLoop(server.Channel, console, [TestGovernance.Key]).RunAsync(story.Labs, suffix, report, CancellationToken.None);

            Assert.Contains(loop.Violations, v => v.PartyId == story.Labs[1].Id && v.Explanation.Contains("joins workload ids", StringComparison.Ordinal));
            Assert.Contains(loop.Violations, v => v.PartyId == story.Labs[2].Id);
            Assert.DoesNotContain(loop.Violations, v => v.PartyId == story.Labs[0].Id);
            Assert.True(loop.VerdictVerified);

            // The signed verdicts say what the ledger says: both caps breached, the split run joined, the
            // report that straddles the overrunning lab's activation in the evidence.
            var (split, splitBundle) = loop.Verdicts[0];
            var splitCap = Assert.Single(split.Findings, f => f.Limit == DemoLoop.DemoCapFlop);
            Assert.Equal(FindingState.Breached, splitCap.State);
            Assert.Equal(["run-b1", "run-b2"], splitCap.Runs.Single(r => r.WorkloadIds.Count == 2).WorkloadIds.Order());
            Assert.True(splitCap.Measured > DemoLoop.DemoCapFlop);
            Assert.Equal(12, splitCap.ReportLogIndexes.Count);
            var (overrun, overrunBundle) = loop.Verdicts[1];
            var overrunCap = Assert.Single(overrun.Findings, f => f.Limit == DemoLoop.DemoCapFlop);
            Assert.Equal(FindingState.Breached, overrunCap.State);
            var activation = overrunCap.ActiveFrom.ToDateTimeOffset();
            Assert.Contains(overrunBundle.Reports, r =>
            {
                var payload = MonitoringReport.Parser.ParseFrom(Envelope.Parser.ParseFrom(r.Envelope).Payload);
                return payload.IntervalStart.ToDateTimeOffset() < activation && payload.IntervalEnd.ToDateTimeOffset() > activation;
            });
            Assert.All(loop.Verdicts, v => Assert.All(v.Verdict.Findings, f => Assert.NotEqual(FindingState.Unspecified, f.State)));
            Assert.True(EvidenceBundles.Verify(EvidenceBundles.Serialize(splitBundle)).Valid);
            Assert.True(File.Exists(Path.Combine(report, "verdict-split-run.bundle")));
            Assert.True(File.Exists(Path.Combine(report, "verdict-overrun.bundle")));
            Assert.True(File.Exists(Path.Combine(report, "report.md")));
            Assert.Contains("consistency proof verified offline", output.ToString());
        }
        finally
        {
            if (Directory.Exists(report))
            {
                Directory.Delete(report, recursive: true);
            }
        }
    }

    [Fact]
    public async Task SignAgreement_BeforeLastSignature_CommitmentsStayPending()
    {
        var labs = new List<TestParty>();
        for (var i = 0; i < 3; i++)
        {
            labs.Add(await TestParty.RegisterAsync(server.Registry, "lab"));
        }

        var agreementId = "pause-" + Guid.NewGuid().ToString("N")[..8];
        var agreement = await labs[0].ProposeAsync(agreementId, labs.Select(l => l.Id));
        var condition = new ActivationCondition { AgreementId = agreementId, Parties = new PartySet { PartyIds = { labs.Select(l => l.Id) } } };
        var commitment = await labs[1].CommitAsync(TestParty.Pause(), condition);
        Assert.Equal(CommitmentStatus.Pending, commitment.Status);

        await labs[0].SignAsync(agreement);
        var afterTwo = await labs[1].SignAsync(agreement);
        var stillPending = (await server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitment.CommitmentId })).Commitment;
        Assert.Equal(AgreementStatus.Proposed, afterTwo.Status);
        Assert.Equal(CommitmentStatus.Pending, stillPending.Status);

        var afterThree = await labs[2].SignAsync(agreement);
        var active = (await server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitment.CommitmentId })).Commitment;
        Assert.Equal(AgreementStatus.Active, afterThree.Status);
        Assert.Equal(CommitmentStatus.Active, active.Status);
        Assert.Contains(commitment.CommitmentId, afterThree.CommitmentIds);
    }

    [Fact]
    public async Task RegisterCommitment_ThresholdConditionOnActiveAgreement_ActivatesAtOnce()
    {
        var a = await TestParty.RegisterAsync(server.Registry, "lab");
        var b = await TestParty.RegisterAsync(server.Registry, "lab");
        var agreementId = "k-of-n-" + Guid.NewGuid().ToString("N")[..8];
        var agreement = await a.ProposeAsync(agreementId, [a.Id, b.Id], threshold: 1);
        var signed = await b.SignAsync(agreement);
        Assert.Equal(AgreementStatus.Active, signed.Status);

        var commitment = await a.CommitAsync(TestParty.Pause(), new ActivationCondition { AgreementId = agreementId, Threshold = 1 });

        Assert.Equal(CommitmentStatus.Active, commitment.Status);
    }
}
