using Accord.Core.Commitments;
using Accord.Core.Compliance;
using static Accord.Core.Tests.Compliance.Scenario;

namespace Accord.Core.Tests.Compliance;

public sealed class RunsAndStateTests
{
    private const double Cap = 1e20;

    private static readonly string[] Cluster = ["gpu-1", "gpu-2", "gpu-3", "gpu-4"];

    [Fact]
    public void Ingest_RunSplitAcrossWorkloadIdsWithSameFingerprint_TreatedAsOneRunAndSaysWhy()
    {
        // Arrange: four devices of one collective (each names the other three); two report "part-a", two "part-b".
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        var violations = new List<Violation>();

        // Act: each half stays under the cap (0.3 x cap per device), together 1.2 x cap.
        foreach (var (device, workload) in new[] { ("gpu-1", "part-a"), ("gpu-2", "part-a"), ("gpu-3", "part-b"), ("gpu-4", "part-b") })
        {
            violations.AddRange(ledger.Ingest(Report(device, workload, 0, 0.3 * Cap, Cluster), T0.AddMinutes(1)));
        }

        // Assert
        var v = Assert.Single(violations);
        Assert.Equal("run part-a", v.Subject);
        Assert.Contains("'part-a', 'part-b'", v.Explanation, StringComparison.Ordinal);
        Assert.Contains("same peer-device fingerprint", v.Explanation, StringComparison.Ordinal);
        Assert.Contains("overlapping intervals", v.Explanation, StringComparison.Ordinal);
        Assert.Equal(1, ledger.OpenRuns);
    }

    [Fact]
    public void Ingest_SameClusterSequentialWorkloads_StaySeparateRuns()
    {
        // Arrange: the same four devices run "job-1", then "job-2" in the next minute (no overlap).
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        var violations = new List<Violation>();

        // Act
        foreach (var device in Cluster)
        {
            violations.AddRange(ledger.Ingest(Report(device, "job-1", 0, 0.2 * Cap, Cluster), T0));
        }

        foreach (var device in Cluster)
        {
            violations.AddRange(ledger.Ingest(Report(device, "job-2", 1, 0.2 * Cap, Cluster), T0));
        }

        // Assert
        Assert.Empty(violations);
        Assert.Equal(2, ledger.OpenRuns);
    }

    [Fact]
    public void Ingest_DifferentPeerSetsInOverlappingIntervals_NotMerged()
    {
        // Arrange: two independent pairs at the same time.
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));

        // Act
        var a = ledger.Ingest(Report("gpu-1", "run-a", 0, 0.6 * Cap, ["gpu-1", "gpu-2"]), T0);
        var b = ledger.Ingest(Report("gpu-3", "run-b", 0, 0.6 * Cap, ["gpu-3", "gpu-4"]), T0);

        // Assert
        Assert.Empty(a.Concat(b));
        Assert.Equal(2, ledger.OpenRuns);
    }

    [Fact]
    public void Ingest_ConditionalCommitment_CountsOnlyInsideActiveSpan()
    {
        // Arrange: binds from T0 + 1h until T0 + 2h (its agreement activated, later withdrawn).
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16), T0.AddHours(1), T0.AddHours(2)));

        // Act
        var before = ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Cap), T0.AddHours(1));
        var notYet = ledger.Evaluation("cap", T0.AddMinutes(30));
        var after = ledger.Ingest(Report("gpu-1", "run-1", 120, 2 * Cap), T0.AddHours(3));
        var inside = ledger.Ingest(Report("gpu-1", "run-1", 60, Math.BitIncrement(Cap)), T0.AddHours(3));

        // Assert
        Assert.Empty(before);
        Assert.Contains("not binding yet", notYet.Why, StringComparison.Ordinal);
        Assert.Empty(after);
        Assert.Equal(Math.BitIncrement(Cap), Assert.Single(inside).Measured);
    }

    [Fact]
    public void Ingest_ReportStraddlingActivation_CountsTheShareInside()
    {
        // Arrange: active from T0 + 1 min; a 2-minute report from T0 of 2 x cap: half of it counts.
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16), T0.AddMinutes(1)));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Cap, lengthMinutes: 2), T0.AddMinutes(2));

        // Assert
        Assert.Empty(violations);
        Assert.Equal(Cap, ledger.Evaluation("cap").Measured);
    }

    [Fact]
    public void Ingest_AfterBreach_EachViolationRaisedOnce()
    {
        // Arrange
        var ledger = Ledger(
            Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)),
            Commitment("agg", new AggregateComputeCap(Cap, TimeSpan.FromDays(1), Bf16)));
        var all = new List<Violation>();

        // Act
        for (var minute = 0; minute < 10; minute++)
        {
            all.AddRange(ledger.Ingest(Report("gpu-1", "run-1", minute, Cap), T0.AddMinutes(minute + 1)));
            all.AddRange(ledger.Tick(T0.AddMinutes(minute + 1), NoLastEnds));
        }

        // Assert
        Assert.Equal(2, all.Count);
        Assert.Equal(all.Count, all.Select(v => v.ViolationId).Distinct().Count());
        Assert.Contains(all, v => v.ViolationId.StartsWith("cap/run-cap/run-1@", StringComparison.Ordinal));
        Assert.Contains(all, v => v.ViolationId == "agg/aggregate-cap/period:2030-01-01T00:00:00Z/2030-01-02T00:00:00Z");
    }

    [Fact]
    public void FromBytes_MidStream_BehavesIdentically()
    {
        // Arrange: every kind, a stream with a split run, a silent device, a late notice.
        var ledger = Ledger(Cluster.Append("gpu-silent").ToArray(), AllKinds());
        var stream = Stream().ToList();
        var half = stream.Count / 2;
        foreach (var (report, now) in stream.Take(half))
        {
            ledger.Ingest(report, now);
        }

        // Act
        var bytes = ledger.ToBytes();
        var restored = ComplianceLedger.FromBytes(bytes);
        var notice = new TrainingNotice("big-b", Cap, T0.AddDays(2), Evidence());
        var original = Continue(ledger, stream.Skip(half), notice);
        var copy = Continue(restored, stream.Skip(half), notice);

        // Assert
        Assert.Superset(
            new HashSet<string> { ComplianceRules.Pause, ComplianceRules.Coverage, ComplianceRules.NoticeAfterThreshold },
            original.Select(v => v.Rule).ToHashSet());
        Assert.Equal(original.Select(Describe), copy.Select(Describe));
        var end = T0.AddDays(20);
        Assert.Equal(ledger.Evaluate(end), restored.Evaluate(end));
        Assert.Equal(ledger.ToBytes(), restored.ToBytes());
    }

    [Fact]
    public void Tick_RunsIdlePastRetention_StateShrinks()
    {
        // Arrange
        var ledger = Ledger(Cluster, AllKinds());
        foreach (var (report, now) in Stream())
        {
            ledger.Ingest(report, now);
        }

        var size = ledger.ToBytes().Length;

        // Act
        ledger.Tick(T0.AddDays(60), NoLastEnds);

        // Assert
        Assert.Equal(0, ledger.OpenRuns);
        Assert.True(ledger.ToBytes().Length < size);
    }

    [Fact]
    public void FromBytes_Garbage_Throws()
    {
        Assert.Throws<FormatException>(() => ComplianceLedger.FromBytes("{\"Version\":9}"u8.ToArray()));
        Assert.Throws<FormatException>(() => ComplianceLedger.FromBytes("not json"u8.ToArray()));
    }

    [Fact]
    public void Ingest_OtherPartysReport_Throws()
    {
        var ledger = Ledger(AllKinds());
        Assert.Throws<ArgumentException>(() => ledger.Ingest(Report("gpu-1", "run-1", 0, 1) with { PartyId = "lab-b" }, T0));
    }

    private static ActiveCommitment[] AllKinds() =>
    [
        Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)),
        Commitment("agg", new AggregateComputeCap(3 * Cap, TimeSpan.FromHours(1), Bf16)),
        Commitment("cluster", new ClusterSizeCap(ClusterUnit.H100Equivalents, 3, Precision.Bf16, ClusterScope.AllFacilities)),
        Commitment("pause", new PauseWindow(Cap / 2, T0.AddHours(2), new PauseForMonths(1), null)),
        Commitment("notify", new NotifyTraining(Cap / 4, TimeSpan.FromHours(1), NoticeTiming.AfterThreshold, true, null, Bf16)),
        Commitment("cov", new MonitoringCoverage(1, TimeSpan.FromHours(1))),
        Commitment("band", new MonitoredBand(Cap / 100, Cap)),
        Commitment("inspect", new InspectionAccess(TimeSpan.FromDays(1), InspectionType.Routine, 0)),
    ];

    /// <summary>Four hours: a run split over two ids on the cluster, a small run naming an undeclared peer.</summary>
    private static IEnumerable<(VerifiedReport Report, DateTimeOffset Now)> Stream()
    {
        for (var minute = 0; minute < 240; minute += 5)
        {
            var now = T0.AddMinutes(minute + 2);
            foreach (var (device, workload) in new[] { ("gpu-1", "big-a"), ("gpu-2", "big-a"), ("gpu-3", "big-b"), ("gpu-4", "big-b") })
            {
                yield return (Report(device, workload, minute, Cap / 64, Cluster), now);
            }

            yield return (Report("gpu-1", "small", minute + 1, Cap / 1000, ["gpu-1", "rogue"]), now);
        }
    }

    private static List<Violation> Continue(ComplianceLedger ledger, IEnumerable<(VerifiedReport Report, DateTimeOffset Now)> rest, TrainingNotice notice)
    {
        var raised = new List<Violation>();
        foreach (var (report, now) in rest)
        {
            raised.AddRange(ledger.Ingest(report, now));
            raised.AddRange(ledger.Tick(now, NoLastEnds));
        }

        raised.AddRange(ledger.AddNotice(notice, T0.AddDays(2)));
        raised.AddRange(ledger.Tick(T0.AddDays(3), NoLastEnds));
        return raised;
    }

    private static string Describe(Violation v) =>
        $"{v.ViolationId}|{v.Measured:R}|{v.Limit:R}|{v.Unit}|{v.Basis}|{string.Join(",", v.Evidence.Select(e => e.LogIndex))}|{v.DetectedAt:O}|{v.Explanation}";
}
