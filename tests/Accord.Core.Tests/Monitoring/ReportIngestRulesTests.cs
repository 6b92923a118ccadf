using System.Numerics;
using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class ReportIngestRulesTests
{
    private static readonly DateTimeOffset LastEnd = Reports.LastEnd;
    private static readonly ReportFacts Next = Reports.Next;

    /// <summary>Each a one-field change of the valid report that trips exactly one rule.</summary>
    public static TheoryData<string, string> OneFaultEach => new()
    {
        { "other device", IngestReasons.DeviceMismatch },
        { "device id differs in case", IngestReasons.DeviceMismatch },
        { "older epoch", IngestReasons.WrongEpoch },
        { "newer epoch", IngestReasons.WrongEpoch },
        { "NaN active seconds", IngestReasons.Malformed },
        { "replayed sequence", IngestReasons.Rollback },
        { "rolled-back sequence", IngestReasons.Rollback },
        { "starts a tick before the last end", IngestReasons.Overlap },
        { "ends a tick past the skew", IngestReasons.Future },
        { "FP8 on A100", IngestReasons.UnsupportedPrecision },
        { "twice the peak", IngestReasons.AbovePhysicalLimit },
    };

    /// <summary>Each breaks one MALFORMED rule and nothing else.</summary>
    public static TheoryData<string> MalformedCases => new()
    {
        "NaN active seconds",
        "infinite active seconds",
        "negative active seconds",
        "NaN utilization",
        "negative utilization",
        "utilization just above 1",
        "NaN power",
        "infinite power",
        "negative power",
        "NaN FLOP",
        "infinite FLOP",
        "negative FLOP",
        "end equals start",
        "end before start",
        "active seconds just above the interval",
        "no precision",
        "undefined precision",
        "workload id of 129 characters",
        "peer hash of 31 bytes",
        "peer hash of 33 bytes",
        "empty peer hash",
        "null peer hash",
        "no nonce",
    };

    /// <summary>Valid edge values that must not be refused.</summary>
    public static TheoryData<string> ValidEdges => new()
    {
        "utilization exactly 1",
        "utilization 0",
        "idle report",
        "active seconds exactly the interval",
        "negative zero power",
        "workload id of 128 characters",
        "no peers",
        "empty nonce",
        "starts exactly at the last end",
        "ends exactly at now + skew",
        "starts after the last end",
    };

    [Fact]
    public void Check_ValidNextReport_AcceptsWithAdvancedState()
    {
        // Act
        var verdict = Reports.Check(Next);

        // Assert
        Assert.Equal(IngestDecision.Accept, verdict.Decision);
        Assert.True(verdict.IsAccepted);
        Assert.Null(verdict.Reason);
        Assert.Equal(
            Reports.State with
            {
                LastSequence = 42,
                LastIntervalEnd = LastEnd.AddSeconds(60),
                Reports = 42,
                TotalFlop = 1e18 + Reports.HalfLoadFlop,
                TotalActiveSeconds = 2520,
            },
            verdict.Next);
        Assert.Empty(verdict.Next!.Gaps);
    }

    [Theory]
    [MemberData(nameof(OneFaultEach))]
    public void Check_OneFault_RejectsWithItsReasonAndNoNextState(string scenario, string reason)
    {
        // Arrange
        var (report, model) = Vary(scenario);

        // Act
        var verdict = Reports.Check(report, model: model);

        // Assert
        Assert.Equal(IngestDecision.Reject, verdict.Decision);
        Assert.Equal(reason, verdict.Reason);
        Assert.Null(verdict.Next);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Message));
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Check_MalformedField_RejectsAsMalformed(string scenario)
    {
        // Arrange
        var (report, model) = Vary(scenario);

        // Act
        var verdict = Reports.Check(report, model: model);

        // Assert
        Assert.Equal(IngestReasons.Malformed, verdict.Reason);
        Assert.Null(verdict.Next);
    }

    [Theory]
    [MemberData(nameof(ValidEdges))]
    public void Check_ValidEdgeValue_Accepts(string scenario)
    {
        // Arrange
        var (report, model) = Vary(scenario);

        // Act
        var verdict = Reports.Check(report, model: model);

        // Assert
        Assert.True(verdict.IsAccepted, verdict.Message);
    }

    // Each report breaks the rule named and every rule after it; the earlier rule is the one reported.
    [Theory]
    [InlineData(IngestReasons.DeviceMismatch)]
    [InlineData(IngestReasons.WrongEpoch)]
    [InlineData(IngestReasons.Malformed)]
    [InlineData(IngestReasons.Rollback)]
    [InlineData(IngestReasons.Overlap)]
    [InlineData(IngestReasons.Future)]
    [InlineData(IngestReasons.UnsupportedPrecision)]
    public void Check_SeveralFaults_ReportsTheFirstInCheckOrder(string first)
    {
        // Arrange: an A100 report in FP8 (unsupported), far in the future, overlapping, replayed, with
        // negative power, from an old epoch, for another device; then drop the faults before `first`.
        string[] order =
        [
            IngestReasons.DeviceMismatch, IngestReasons.WrongEpoch, IngestReasons.Malformed, IngestReasons.Rollback,
            IngestReasons.Overlap, IngestReasons.Future, IngestReasons.UnsupportedPrecision,
        ];
        var from = Array.IndexOf(order, first);
        var report = Next with
        {
            DeviceId = from <= 0 ? "gpu-9999" : Reports.DeviceId,
            BootEpoch = from <= 1 ? Reports.Epoch - 1 : Reports.Epoch,
            PowerWatts = from <= 2 ? -1 : 480,
            Sequence = from <= 3 ? Reports.LastSequence : Reports.LastSequence + 1,
            IntervalStart = from <= 4 ? LastEnd.AddSeconds(-1) : from == 5 ? LastEnd.AddDays(1) : LastEnd,
            IntervalEnd = from <= 5 ? LastEnd.AddDays(1).AddSeconds(60) : LastEnd.AddSeconds(60),
            Precision = Precision.Fp8,
            EstimatedFlop = 1e30,
        };

        // Act
        var verdict = Reports.Check(report, model: DeviceModel.A100Sxm);

        // Assert
        Assert.Equal(first, verdict.Reason);
    }

    // 60 s at the BF16/FP8 dense peaks: every product is an integer whose odd part fits 53 bits, so the
    // physical limit is an exact double. The accepted limit adds the relative 10^-12 rounding allowance:
    // the physical limit passes, PhysicalLimitFlop passes, and the double after PhysicalLimitFlop does not.
    [Theory]
    [InlineData(DeviceModel.A100Sxm, Precision.Bf16, 1.872e16)]
    [InlineData(DeviceModel.H100Sxm, Precision.Bf16, 5.9364e16)]
    [InlineData(DeviceModel.H100Sxm, Precision.Fp8, 1.18734e17)]
    [InlineData(DeviceModel.H200Sxm, Precision.Bf16, 5.9364e16)]
    [InlineData(DeviceModel.B200, Precision.Fp8, 2.7e17)]
    [InlineData(DeviceModel.GB200, Precision.Bf16, 1.5e17)]
    public void Check_FlopExactlyAtPhysicalLimit_AcceptsAndNextDoubleAboveRejects(DeviceModel model, Precision precision, double limit)
    {
        // Arrange
        var exact = new BigInteger(600_000_000) * new BigInteger(DeviceModels.PeakDenseFlopPerSecond(model, precision)) / 10_000_000;
        Assert.Equal(exact, new BigInteger(limit));
        var allowed = ReportIngestRules.PhysicalLimitFlop(model, precision, TimeSpan.FromSeconds(60));
        var atLimit = Next with { Precision = precision, Utilization = 1, EstimatedFlop = limit };
        var atAllowed = atLimit with { EstimatedFlop = allowed };
        var above = atLimit with { EstimatedFlop = Math.BitIncrement(allowed) };
        var wellAbove = atLimit with { EstimatedFlop = limit * (1 + 2e-12) };

        // Act
        var atVerdict = Reports.Check(atLimit, model: model);
        var allowedVerdict = Reports.Check(atAllowed, model: model);
        var aboveVerdict = Reports.Check(above, model: model);
        var wellAboveVerdict = Reports.Check(wellAbove, model: model);

        // Assert
        Assert.True(atVerdict.IsAccepted, atVerdict.Message);
        Assert.True(allowedVerdict.IsAccepted, allowedVerdict.Message);
        Assert.Equal(IngestReasons.AbovePhysicalLimit, aboveVerdict.Reason);
        Assert.Equal(IngestReasons.AbovePhysicalLimit, wellAboveVerdict.Reason);
        Assert.InRange(allowed, limit, limit * (1 + 1.000001e-12));
    }

    // One hour and one tick on an H100 in BF16: the allowed limit 36,000,000,001 x 98,940,000 x (1 + 10^-12)
    // FLOP is a rational that binary64 cannot hold, so the largest double below it must pass and the next
    // double, which is above it, must not. A naive (ticks / 1e7) x peak x 1.000000000001 may round either way.
    [Fact]
    public void Check_LimitBetweenTwoDoubles_AcceptsTheLowerAndRejectsTheUpper()
    {
        // Arrange
        var interval = TimeSpan.FromHours(1) + TimeSpan.FromTicks(1);
        var numerator = new BigInteger(interval.Ticks) * 98_940_000 * (BigInteger.Pow(10, 12) + 1);
        var denominator = BigInteger.Pow(10, 12);
        var near = (double)(numerator / denominator);
        var below = new BigInteger(near) * denominator <= numerator ? near : Math.BitDecrement(near);
        var upper = Math.BitIncrement(below);
        Assert.True(new BigInteger(below) * denominator < numerator && new BigInteger(upper) * denominator > numerator);
        var state = Reports.State with { LastIntervalEnd = LastEnd.AddHours(-1) };
        var report = Next with { IntervalStart = LastEnd.AddHours(-1), IntervalEnd = LastEnd.AddHours(-1) + interval, ActiveSeconds = 3600, Utilization = 1 };

        // Act
        var lower = Reports.Check(report with { EstimatedFlop = below }, state);
        var higher = Reports.Check(report with { EstimatedFlop = upper }, state);

        // Assert
        Assert.True(lower.IsAccepted, lower.Message);
        Assert.Equal(IngestReasons.AbovePhysicalLimit, higher.Reason);
        Assert.Equal(below, ReportIngestRules.PhysicalLimitFlop(DeviceModel.H100Sxm, Precision.Bf16, interval));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(-1, true)]
    public void Check_EndAroundNowPlusSkew_AcceptsUpToTheSkewExactly(long ticksPastSkew, bool accepted)
    {
        // Arrange
        var end = Reports.Now + Reports.Policy.MaxClockSkew + TimeSpan.FromTicks(ticksPastSkew);
        var report = Next with { IntervalEnd = end, ActiveSeconds = 0, Utilization = 0, EstimatedFlop = 0 };

        // Act
        var verdict = Reports.Check(report);

        // Assert
        Assert.Equal(accepted, verdict.IsAccepted);
        Assert.Equal(accepted ? null : IngestReasons.Future, verdict.Reason);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    public void Check_StartAroundLastEnd_AcceptsFromTheLastEndOn(long ticksFromLastEnd, bool accepted)
    {
        // Arrange
        var report = Next with { IntervalStart = LastEnd.AddTicks(ticksFromLastEnd), ActiveSeconds = 59 };

        // Act
        var verdict = Reports.Check(report);

        // Assert
        Assert.Equal(accepted, verdict.IsAccepted);
        Assert.Equal(accepted ? null : IngestReasons.Overlap, verdict.Reason);
    }

    [Fact]
    public void Check_SequenceSkips_RecordsTheGapAndAccepts()
    {
        // Arrange: 42 to 44 never arrived; 45 covers the minute after them.
        var report = Next with { Sequence = 45, IntervalStart = LastEnd.AddSeconds(120), IntervalEnd = LastEnd.AddSeconds(180) };

        // Act
        var verdict = Reports.Check(report, now: LastEnd.AddSeconds(180));

        // Assert
        Assert.True(verdict.IsAccepted);
        var gap = Assert.Single(verdict.Next!.Gaps);
        Assert.Equal(new MissingEvidence(Reports.Epoch, 42, 44, LastEnd, LastEnd.AddSeconds(120), MissingEvidenceKinds.SequenceGap), gap);
        Assert.Equal(45UL, verdict.Next.LastSequence);
    }

    [Fact]
    public void Check_SequenceSkipsWithoutTimeBetween_RecordsAZeroLengthGap()
    {
        // Act
        var verdict = Reports.Check(Next with { Sequence = 43 });

        // Assert
        var gap = Assert.Single(verdict.Next!.Gaps);
        Assert.Equal(new MissingEvidence(Reports.Epoch, 42, 42, LastEnd, LastEnd, MissingEvidenceKinds.SequenceGap), gap);
    }

    [Fact]
    public void Check_KeepsEarlierGaps_AppendsNewOnesAfterThem()
    {
        // Arrange
        var earlier = new MissingEvidence(Reports.Epoch, 10, 12, LastEnd.AddHours(-1), LastEnd.AddMinutes(-57), MissingEvidenceKinds.SequenceGap);
        var state = Reports.State with { Gaps = [earlier] };

        // Act
        var verdict = Reports.Check(Next with { Sequence = 44 }, state);

        // Assert
        Assert.Equal(2, verdict.Next!.Gaps.Count);
        Assert.Equal(earlier, verdict.Next.Gaps[0]);
        Assert.Equal(42UL, verdict.Next.Gaps[1].FirstSequence);
        Assert.Equal(43UL, verdict.Next.Gaps[1].LastSequence);
    }

    [Fact]
    public void Check_FirstReportOfNewEpochAtSequenceOne_AcceptsWithoutGap()
    {
        // Arrange
        var state = Reports.State.StartEpoch(8);
        var report = Next with { BootEpoch = 8, Sequence = 1 };

        // Act
        var verdict = Reports.Check(report, state);

        // Assert
        Assert.True(verdict.IsAccepted);
        Assert.Empty(verdict.Next!.Gaps);
        Assert.Equal((8UL, 1UL, 42UL), (verdict.Next.BootEpoch, verdict.Next.LastSequence, verdict.Next.Reports));
    }

    [Fact]
    public void Check_NewEpochStartingAtSequenceThree_RecordsOneAndTwoMissing()
    {
        // Arrange
        var state = DeviceReportingState.ForEpoch(8, LastEnd);
        var report = Next with { BootEpoch = 8, Sequence = 3 };

        // Act
        var verdict = Reports.Check(report, state);

        // Assert
        var gap = Assert.Single(verdict.Next!.Gaps);
        Assert.Equal(new MissingEvidence(8, 1, 2, LastEnd, LastEnd, MissingEvidenceKinds.SequenceGap), gap);
    }

    [Fact]
    public void Check_NeverReportedDeviceSkipsSequence_GapRunsFromTheReportStart()
    {
        // Arrange
        var state = DeviceReportingState.ForEpoch(1, null);
        var report = Next with { BootEpoch = 1, Sequence = 2 };

        // Act
        var verdict = Reports.Check(report, state);

        // Assert
        var gap = Assert.Single(verdict.Next!.Gaps);
        Assert.Equal(new MissingEvidence(1, 1, 1, LastEnd, LastEnd, MissingEvidenceKinds.SequenceGap), gap);
        Assert.Equal(1UL, verdict.Next.Reports);
    }

    [Fact]
    public void Check_SequenceZeroInFreshEpoch_RejectsAsRollback()
    {
        // Act
        var verdict = Reports.Check(Next with { BootEpoch = 1, Sequence = 0 }, DeviceReportingState.ForEpoch(1, null));

        // Assert
        Assert.Equal(IngestReasons.Rollback, verdict.Reason);
    }

    // Default policy: silent 3 x 60 s after the last end. A report starting exactly then ends no silence.
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void Check_ResumesAroundTheSilenceThreshold_RecordsSilenceOnlyPastIt(long ticksPastThreshold, bool silent)
    {
        // Arrange
        var start = LastEnd.AddSeconds(180).AddTicks(ticksPastThreshold);
        var report = Next with { IntervalStart = start, IntervalEnd = start.AddSeconds(60) };

        // Act
        var verdict = Reports.Check(report, now: start.AddSeconds(60));

        // Assert
        Assert.True(verdict.IsAccepted);
        if (silent)
        {
            var silence = Assert.Single(verdict.Next!.Gaps);
            Assert.Equal(new MissingEvidence(Reports.Epoch, 41, 42, LastEnd.AddSeconds(180), start, MissingEvidenceKinds.Silent), silence);
        }
        else
        {
            Assert.Empty(verdict.Next!.Gaps);
        }
    }

    [Fact]
    public void Check_ResumesAfterSilenceWithSequenceGap_RecordsGapThenSilence()
    {
        // Arrange
        var start = LastEnd.AddMinutes(10);
        var report = Next with { Sequence = 50, IntervalStart = start, IntervalEnd = start.AddSeconds(60) };

        // Act
        var verdict = Reports.Check(report, now: start.AddSeconds(60));

        // Assert
        MissingEvidence[] expected =
        [
            new(Reports.Epoch, 42, 49, LastEnd, start, MissingEvidenceKinds.SequenceGap),
            new(Reports.Epoch, 41, 50, LastEnd.AddSeconds(180), start, MissingEvidenceKinds.Silent),
        ];
        Assert.Equal(expected, verdict.Next!.Gaps);
    }

    [Fact]
    public void Check_ReportsInARow_AccumulateTotals()
    {
        // Arrange
        var state = DeviceReportingState.ForEpoch(Reports.Epoch, null);
        double[] flops = [1e15, 2.5e15, 0];
        double[] active = [10, 25.5, 0];

        // Act
        for (var i = 0; i < flops.Length; i++)
        {
            var start = LastEnd.AddSeconds(60 * i);
            var report = Next with
            {
                Sequence = (ulong)i + 1,
                IntervalStart = start,
                IntervalEnd = start.AddSeconds(60),
                ActiveSeconds = active[i],
                EstimatedFlop = flops[i],
            };
            var verdict = ReportIngestRules.Check(state, Reports.DeviceId, DeviceModel.H100Sxm, report, start.AddSeconds(60), Reports.Policy);
            state = verdict.Next ?? throw new InvalidOperationException(verdict.Message);
        }

        // Assert
        Assert.Equal(new DeviceReportingState(Reports.Epoch, 3, LastEnd.AddSeconds(180), 3, 3.5e15, 35.5, []), state);
    }

    [Fact]
    public void Check_AfterAcceptedReport_SameReportAgainIsRollback()
    {
        // Arrange
        var first = Reports.Check(Next);

        // Act
        var again = Reports.Check(Next, first.Next);

        // Assert
        Assert.Equal(IngestReasons.Rollback, again.Reason);
    }

    [Fact]
    public void Check_UndefinedModel_ThrowsArgumentOutOfRange()
    {
        // Act
        var act = () => Reports.Check(Next, model: (DeviceModel)42);

        // Assert
        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    [Fact]
    public void PhysicalLimitFlop_UnsupportedPrecision_ThrowsArgumentException()
    {
        // Act
        Action act = () => ReportIngestRules.PhysicalLimitFlop(DeviceModel.A100Sxm, Precision.Fp8, TimeSpan.FromSeconds(60));

        // Assert
        Assert.Throws<ArgumentException>(act);
    }

    private static (ReportFacts Report, DeviceModel Model) Vary(string scenario)
    {
        var r = Next;
        var model = DeviceModel.H100Sxm;
        r = scenario switch
        {
            "other device" => r with { DeviceId = "gpu-0002" },
            "device id differs in case" => r with { DeviceId = "GPU-0001" },
            "older epoch" => r with { BootEpoch = Reports.Epoch - 1 },
            "newer epoch" => r with { BootEpoch = Reports.Epoch + 1 },
            "replayed sequence" => r with { Sequence = Reports.LastSequence },
            "rolled-back sequence" => r with { Sequence = 3 },
            "starts a tick before the last end" => r with { IntervalStart = LastEnd.AddTicks(-1) },
            "ends a tick past the skew" => r with { IntervalEnd = Reports.Now + Reports.Policy.MaxClockSkew + TimeSpan.FromTicks(1) },
            "FP8 on A100" => r with { Precision = Precision.Fp8, EstimatedFlop = 1e15 },
            "twice the peak" => r with { EstimatedFlop = 2 * 60 * 989.4e12 },
            "NaN active seconds" => r with { ActiveSeconds = double.NaN },
            "infinite active seconds" => r with { ActiveSeconds = double.PositiveInfinity },
            "negative active seconds" => r with { ActiveSeconds = -1 },
            "NaN utilization" => r with { Utilization = double.NaN },
            "negative utilization" => r with { Utilization = -0.1 },
            "utilization just above 1" => r with { Utilization = Math.BitIncrement(1.0) },
            "NaN power" => r with { PowerWatts = double.NaN },
            "infinite power" => r with { PowerWatts = double.PositiveInfinity },
            "negative power" => r with { PowerWatts = -0.001 },
            "NaN FLOP" => r with { EstimatedFlop = double.NaN },
            "infinite FLOP" => r with { EstimatedFlop = double.PositiveInfinity },
            "negative FLOP" => r with { EstimatedFlop = -1 },
            "end equals start" => r with { IntervalEnd = r.IntervalStart, ActiveSeconds = 0 },
            "end before start" => r with { IntervalEnd = r.IntervalStart.AddTicks(-1), ActiveSeconds = 0 },
            "active seconds just above the interval" => r with { ActiveSeconds = 60.0 * (1 + 2e-12) },
            "no precision" => r with { Precision = null },
            "undefined precision" => r with { Precision = (Precision)99 },
            "workload id of 129 characters" => r with { WorkloadId = new string('w', 129) },
            "peer hash of 31 bytes" => r with { PeerDeviceHashes = [new byte[32], new byte[31]] },
            "peer hash of 33 bytes" => r with { PeerDeviceHashes = [new byte[33]] },
            "empty peer hash" => r with { PeerDeviceHashes = [Array.Empty<byte>()] },
            "null peer hash" => r with { PeerDeviceHashes = [null!] },
            "no nonce" => r with { LastChallengeNonce = null! },
            "utilization exactly 1" => r with { Utilization = 1 },
            "utilization 0" => r with { Utilization = 0, EstimatedFlop = 0 },
            "idle report" => r with { WorkloadId = string.Empty, ActiveSeconds = 0, Utilization = 0, EstimatedFlop = 0, PeerDeviceHashes = [] },
            "active seconds exactly the interval" => r with { ActiveSeconds = 60 },
            "negative zero power" => r with { PowerWatts = -0.0 },
            "workload id of 128 characters" => r with { WorkloadId = new string('w', 128) },
            "no peers" => r with { PeerDeviceHashes = [] },
            "empty nonce" => r with { LastChallengeNonce = [] },
            "starts exactly at the last end" => r with { IntervalStart = LastEnd },
            "ends exactly at now + skew" => r with { IntervalEnd = Reports.Now + Reports.Policy.MaxClockSkew },
            "starts after the last end" => r with { IntervalStart = LastEnd.AddSeconds(30), ActiveSeconds = 30 },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
        };
        if (scenario == "FP8 on A100")
        {
            model = DeviceModel.A100Sxm;
        }

        return (r, model);
    }

    [Fact]
    public void Check_ActiveSecondsRoundedUpByTheDevicesArithmetic_Accepted()
    {
        // Arrange: 0.04 s is not a double; TotalSeconds of 400,000 ticks rounds up above the exact length.
        var interval = TimeSpan.FromTicks(400_000);
        var report = Next with { IntervalEnd = Next.IntervalStart + interval, ActiveSeconds = interval.TotalSeconds, EstimatedFlop = 1 };

        // Act
        var verdict = Reports.Check(report);

        // Assert
        Assert.True(verdict.IsAccepted, verdict.Message);
    }
}
