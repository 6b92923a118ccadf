using Accord.Core.Commitments;
using Accord.Core.Monitoring;
using Accord.PropertyTests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>Monitoring reports through <see cref="ReportIngestRules.Check"/>: any facts, any state.</summary>
public sealed class ReportIngestProperties(ITestOutputHelper output)
{
    private const string DeviceId = "GPU-0001";
    private const double H100Bf16 = 989.4e12;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Reasons =
    [
        IngestReasons.DeviceMismatch, IngestReasons.WrongEpoch, IngestReasons.Malformed, IngestReasons.Rollback, IngestReasons.Overlap,
        IngestReasons.Future, IngestReasons.UnsupportedPrecision, IngestReasons.AbovePhysicalLimit,
    ];

    private static readonly DeviceReportingState State = new(1, 10, Now.AddMinutes(-10), 10, 1e18, 100, []);

    private static readonly ReportFacts Valid = new(
        DeviceId, 1, 11, Now.AddMinutes(-10), Now.AddMinutes(-9), "run-1", 60, 0.5, 600, 60 * H100Bf16 * 0.5, Precision.Bf16, [new byte[32]], [1, 2, 3]);

    private static readonly Gen<DateTimeOffset> Times = Gen.Frequency(
        (4, Gen.Long[-10_000_000, 10_000_000].Select(seconds => Now.AddTicks(seconds * TimeSpan.TicksPerSecond / 10))),
        (1, Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Select(t => new DateTimeOffset(t, TimeSpan.Zero))),
        (1, Gen.OneOf(Gen.Const(DateTimeOffset.MinValue), Gen.Const(DateTimeOffset.MaxValue))));

    private static readonly Gen<double> Doubles = Gen.Frequency(
        (3, Gen.Double[0, 1]), (2, Gen.Double[0, 1e20]), (2, Gen.Double), (1, Gen.Double.Special),
        (1, Gen.OneOf(Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(-0.0), Gen.Const(double.MaxValue), Gen.Const(double.Epsilon))));

    private static readonly Gen<ulong> Counters = Gen.Frequency(
        (4, Gen.ULong[0, 20]), (1, Gen.ULong), (1, Gen.OneOf(Gen.Const(ulong.MaxValue), Gen.Const(ulong.MaxValue - 1))));

    private static readonly Gen<Precision?> Precisions = Gen.Frequency(
        (4, Gen.Enum<Precision>().Select(p => (Precision?)p)), (1, Gen.Int[-3, 40].Select(i => (Precision?)(Precision)i)), (1, Gen.Const((Precision?)null)));

    private static readonly Gen<IReadOnlyList<byte[]>> Peers = Gen.Frequency(
        (4, Gen.Byte.Array[32].Array[0, 3].Select(a => (IReadOnlyList<byte[]>)a)),
        (1, Gen.Byte.Array[0, 40].Array[0, 3].Select(a => (IReadOnlyList<byte[]>)a)),
        (1, Gen.Const((IReadOnlyList<byte[]>)null!)));

    private static readonly Gen<string> Workloads = Gen.Frequency(
        (4, Gen.String[0, 20]), (1, Gen.String[Gen.Char["w"], 120, 140]), (1, Gen.Const((string)null!)));

    private static readonly Gen<ReportFacts> RandomFacts = Gen.Select(
        Gen.Frequency((4, Gen.Const(DeviceId)), (1, Gen.String[0, 12]), (1, Gen.Const((string)null!))),
        Counters, Counters, Times, Times, Workloads, Doubles, Doubles, Doubles, Doubles, Precisions, Peers,
        Gen.Frequency((4, Gen.Byte.Array[0, 40]), (1, Gen.Const((byte[])null!))),
        (device, epoch, sequence, start, end, workload, active, utilization, power, flop, precision, peers, nonce) =>
            new ReportFacts(device, epoch, sequence, start, end, workload, active, utilization, power, flop, precision, peers, nonce));

    // A device's count of accepted reports grows by one per report: it stays far below 2^64 (Core checks arithmetic overflow).
    private static readonly Gen<DeviceReportingState> States = Gen.Select(
        Counters, Counters, Gen.Frequency((3, Times.Select(t => (DateTimeOffset?)t)), (1, Gen.Const((DateTimeOffset?)null))), Gen.ULong[0, 1UL << 53], Doubles, Doubles,
        (epoch, last, end, reports, flop, active) => new DeviceReportingState(epoch, last, end, reports, flop, active, []));

    private static readonly Gen<IngestPolicy> Policies = Gen.Frequency(
        (3, Gen.Const(IngestPolicy.Default)),
        (1, Gen.Select(Gen.Long[0, TimeSpan.TicksPerDay], Gen.Long[1, TimeSpan.TicksPerDay], Gen.Double[1, 1000],
            (skew, interval, multiple) => new IngestPolicy(TimeSpan.FromTicks(skew), TimeSpan.FromTicks(interval), multiple))));

    /// <summary>The valid report with one field replaced by a generated value.</summary>
    private static readonly Gen<ReportFacts> MutatedFacts = Gen.Int[0, 12].SelectMany(field => field switch
    {
        0 => Gen.String[0, 12].Select(v => Valid with { DeviceId = v }),
        1 => Counters.Select(v => Valid with { BootEpoch = v }),
        2 => Counters.Select(v => Valid with { Sequence = v }),
        3 => Times.Select(v => Valid with { IntervalStart = v }),
        4 => Times.Select(v => Valid with { IntervalEnd = v }),
        5 => Workloads.Select(v => Valid with { WorkloadId = v }),
        6 => Doubles.Select(v => Valid with { ActiveSeconds = v }),
        7 => Doubles.Select(v => Valid with { Utilization = v }),
        8 => Doubles.Select(v => Valid with { PowerWatts = v }),
        9 => Gen.Double[0, 1e18].Select(v => Valid with { EstimatedFlop = Valid.EstimatedFlop + v }),
        10 => Precisions.Select(v => Valid with { Precision = v }),
        11 => Peers.Select(v => Valid with { PeerDeviceHashes = v }),
        _ => RandomFacts,
    });

    [Fact]
    public void Check_RandomFactsAndState_RefusesWithAReasonOrAdvancesConsistently()
    {
        Property.Run(output, "report ingest, random facts and state", Gen.Select(States, Gen.Enum<DeviceModel>(), RandomFacts, Times, Policies), tuple =>
        {
            var (state, model, report, now, policy) = tuple;
            AssertVerdict(state, model, report, now, policy);
        }, CaseBudget.ReportIngestRandom);
    }

    [Fact]
    public void Check_MutatedValidReport_RefusesWithAReasonOrAdvancesConsistently()
    {
        Assert.True(ReportIngestRules.Check(State, DeviceId, DeviceModel.H100Sxm, Valid, Now, IngestPolicy.Default).IsAccepted);
        Property.Run(output, "report ingest, mutated valid report", Gen.Select(MutatedFacts, Gen.Enum<DeviceModel>()), tuple =>
        {
            var (report, model) = tuple;
            AssertVerdict(State, model, report, Now, IngestPolicy.Default);
        }, CaseBudget.ReportIngestMutations);
    }

    private static void AssertVerdict(DeviceReportingState state, DeviceModel model, ReportFacts report, DateTimeOffset now, IngestPolicy policy)
    {
        var before = state with { };
        var verdict = Expect.NeverThrows(() => ReportIngestRules.Check(state, DeviceId, model, report, now, policy));
        Assert.Equal(before, state);
        if (!verdict.IsAccepted)
        {
            Assert.Contains(verdict.Reason, Reasons);
            Assert.Null(verdict.Next);
            Assert.False(string.IsNullOrWhiteSpace(verdict.Message));
            return;
        }

        // Accepted: every documented rule holds, and the state moved by exactly this report.
        Assert.Equal(DeviceId, report.DeviceId);
        Assert.Equal(state.BootEpoch, report.BootEpoch);
        Assert.True(report.Sequence > state.LastSequence);
        Assert.True(report.IntervalEnd > report.IntervalStart);
        Assert.True(state.LastIntervalEnd is null || report.IntervalStart >= state.LastIntervalEnd);
        Assert.True(double.IsFinite(report.EstimatedFlop) && report.EstimatedFlop >= 0);
        Assert.InRange(report.Utilization, 0, 1);
        Assert.True(report.Precision is { } p && Enum.IsDefined(p));
        Assert.True(report.EstimatedFlop <= ReportIngestRules.PhysicalLimitFlop(model, report.Precision!.Value, report.IntervalEnd - report.IntervalStart));
        var next = verdict.Next!;
        Assert.Equal(report.Sequence, next.LastSequence);
        Assert.Equal(report.IntervalEnd, next.LastIntervalEnd);
        Assert.Equal(state.Reports + 1, next.Reports);
        Assert.Equal(state.BootEpoch, next.BootEpoch);
        Assert.True(next.Gaps.Count >= state.Gaps.Count && next.Gaps.Count <= state.Gaps.Count + 2);
    }
}
