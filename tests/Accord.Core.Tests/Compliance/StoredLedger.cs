using System.Globalization;
using Accord.Core.Commitments;
using Accord.Core.Compliance;
using static Accord.Core.Tests.Compliance.Scenario;

namespace Accord.Core.Tests.Compliance;

/// <summary>
/// A fixed six-hour stream over every commitment kind, for the stored-ledger test data in <c>Compliance/Data</c>:
/// <c>ledger-v1.json</c> is what <see cref="ComplianceLedger.ToBytes"/> wrote after <see cref="Half"/> of the
/// stream, and <c>ledger-v1.expected.json</c> what that ledger did next (violations, evaluations, runs).
/// Everything here is deterministic (evidence indexes count from 1), so the same calls give the same text.
/// </summary>
internal static class StoredLedger
{
    public const double Cap = 1e20;

    public static readonly string[] Declared = ["gpu-1", "gpu-2", "gpu-3", "gpu-4", "gpu-5", "gpu-silent"];

    private static readonly string[] Cluster = ["gpu-1", "gpu-2", "gpu-3", "gpu-4"];

    /// <summary>Steps of five minutes.</summary>
    public const int Steps = 72;

    /// <summary>The ledger was written after this many steps (three hours).</summary>
    public const int Half = 36;

    /// <summary>When the ledger was written: the time of the last call before <see cref="ComplianceLedger.ToBytes"/>.</summary>
    public static DateTimeOffset SavedAt => Now(Half - 1);

    /// <summary>The time of the last call of the stream.</summary>
    public static DateTimeOffset EndsAt => Now(Steps - 1);

    public static ActiveCommitment[] Commitments() =>
    [
        Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)),
        Commitment("cap-high", new TrainingRunComputeCap(100 * Cap, Bf16)),
        Commitment("agg", new AggregateComputeCap(3 * Cap, TimeSpan.FromHours(1), Bf16)),
        Commitment("agg-low", new AggregateComputeCap(Cap / 2, TimeSpan.FromHours(1), Bf16)),
        Commitment("cluster", new ClusterSizeCap(ClusterUnit.H100Equivalents, 3, Precision.Bf16, ClusterScope.AllFacilities)),
        Commitment("cluster-wide", new ClusterSizeCap(ClusterUnit.FlopPerSecond, 1e17, Precision.Fp8, ClusterScope.AllFacilities)),
        Commitment("cluster-hidden", new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.UnmonitoredFacilities)),
        Commitment("pause", new PauseWindow(Cap / 2, T0.AddHours(2), new PauseEndsAt(T0.AddHours(5)), null)),
        Commitment("pause-small", new PauseWindow(10 * Cap, T0.AddHours(2), new PauseForMonths(1), "ASL-3")),
        Commitment("notify", new NotifyTraining(Cap / 100, TimeSpan.FromHours(3), NoticeTiming.AfterThreshold, true, "gov", Bf16)),
        Commitment("notify-before", new NotifyTraining(Cap / 2, TimeSpan.FromDays(1), NoticeTiming.BeforeThreshold, false, null, Bf16)),
        Commitment("cov", new MonitoringCoverage(1, TimeSpan.FromHours(1))),
        Commitment("cov-half", new MonitoringCoverage(0.5, TimeSpan.FromHours(1))),
        Commitment("band", new MonitoredBand(Cap / 100, Cap)),
        Commitment("band-high", new MonitoredBand(100 * Cap, 1000 * Cap)),
        Commitment("inspect", new InspectionAccess(TimeSpan.FromDays(1), InspectionType.Routine, 2)),
        Commitment("later", new TrainingRunComputeCap(Cap, Bf16), T0.AddDays(30)),
        Commitment("ended", new TrainingRunComputeCap(100 * Cap, Bf16), T0, T0.AddHours(1)),
    ];

    /// <summary>
    /// The ledger as it was written: the commitments, the declared devices, a notice for the large run signed
    /// two days ahead, and the first <see cref="Half"/> steps with a tick after each.
    /// </summary>
    public static (ComplianceLedger Ledger, List<Violation> Raised) Written()
    {
        var ledger = new ComplianceLedger(Party);
        ledger.SetCommitments(Commitments());
        ledger.SetDeclaredDevices(Declared);
        var raised = new List<Violation>();
        raised.AddRange(ledger.AddNotice(new TrainingNotice("big-a", 10 * Cap, T0.AddDays(-2), new EvidenceRef(1, Leaf(1))), T0.AddDays(-2)));
        raised.AddRange(Play(ledger, 0, Half));
        return (ledger, raised);
    }

    /// <summary>The rest of the stream, then a late notice for the small run and a tick a day later.</summary>
    public static List<Violation> Continue(ComplianceLedger ledger)
    {
        var raised = Play(ledger, Half, Steps);
        raised.AddRange(ledger.AddNotice(new TrainingNotice("small", Cap, EndsAt, new EvidenceRef(100_000, Leaf(100_000))), EndsAt));
        return raised;
    }

    /// <summary>
    /// Steps [from, to): the four devices of one collective run "big-a" (gpu-1, gpu-2) and "big-b" (gpu-3,
    /// gpu-4), gpu-1 also runs "small" with an undeclared peer, gpu-5 idles, gpu-silent never reports.
    /// </summary>
    private static List<Violation> Play(ComplianceLedger ledger, int from, int to)
    {
        var raised = new List<Violation>();
        for (var step = from; step < to; step++)
        {
            var minute = step * 5;
            var now = Now(step);
            var index = 10 + (step * 10L);
            foreach (var (device, workload, flop, peers, offset) in new (string, string, double, string[], int)[]
            {
                ("gpu-1", "big-a", Cap / 64, Cluster, 0),
                ("gpu-2", "big-a", Cap / 64, Cluster, 0),
                ("gpu-3", "big-b", Cap / 64, Cluster, 0),
                ("gpu-4", "big-b", Cap / 64, Cluster, 0),
                ("gpu-1", "small", Cap / 1000, ["gpu-1", "rogue"], 1),
                ("gpu-5", string.Empty, 0, [], 2),
            })
            {
                var report = Report(device, workload, minute + offset, flop, peers) with { Evidence = new EvidenceRef(index, Leaf(index)) };
                index++;
                raised.AddRange(ledger.Ingest(report, now));
            }

            raised.AddRange(ledger.Tick(now, LastEnds(step)));
        }

        return raised;
    }

    private static DateTimeOffset Now(int step) => T0.AddMinutes((step * 5) + 4);

    private static Dictionary<string, DateTimeOffset?> LastEnds(int step) => new()
    {
        ["gpu-1"] = T0.AddMinutes((step * 5) + 2),
        ["gpu-2"] = T0.AddMinutes((step * 5) + 1),
        ["gpu-3"] = T0.AddMinutes((step * 5) + 1),
        ["gpu-4"] = T0.AddMinutes((step * 5) + 1),
        ["gpu-5"] = T0.AddMinutes((step * 5) + 3),
        ["gpu-silent"] = null,
    };

    private static byte[] Leaf(long index)
    {
        var leaf = new byte[32];
        BitConverter.GetBytes(index).CopyTo(leaf, 0);
        return leaf;
    }

    public static string Describe(Violation v) =>
        string.Join(
            "|",
            v.ViolationId,
            v.CommitmentId,
            v.Kind,
            v.Rule,
            v.Subject,
            R(v.Measured),
            R(v.Limit),
            v.Unit,
            v.Basis,
            string.Join(",", v.Evidence.Select(e => $"{e.LogIndex}:{Convert.ToHexStringLower(e.LeafHash)}")),
            v.DetectedAt.ToString("O", CultureInfo.InvariantCulture),
            v.Explanation);

    public static string Describe(CommitmentEvaluation e) =>
        string.Join("|", e.CommitmentId, e.Kind, e.State, e.Why, R(e.Measured), R(e.Limit), e.Basis);

    public static string Describe(RunSummary r) =>
        string.Join("|", r.RunId, string.Join(",", r.Workloads), string.Join(";", r.JoinReasons), R(r.TotalFlop), R(r.CommitmentFlop));

    private static string R(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
}
