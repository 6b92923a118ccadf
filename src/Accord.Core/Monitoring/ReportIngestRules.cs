// Monitoring report ingest (docs/attestation.md, "Device models"; ARCHITECTURE.md, "Monitoring report"):
// the checks a device grain applies to a report whose signature by the current reporting key is already
// verified, and the state an accepted report leads to. Pure: time comes in as an argument.
using System.Numerics;
using Accord.Core.Commitments;
using Accord.Core.Registry;

namespace Accord.Core.Monitoring;

/// <summary>Decides whether a verified monitoring report is accepted, and what the device's state becomes.</summary>
public static class ReportIngestRules
{
    /// <summary>The longest workload id, in UTF-16 code units.</summary>
    public const int MaxWorkloadIdLength = 128;

    /// <summary>The length of a peer device hash (SHA-256), in bytes.</summary>
    public const int PeerHashLength = 32;

    private static readonly BigInteger TicksPerSecond = TimeSpan.TicksPerSecond;

    // Limits allow a relative 10^-12 for floating-point rounding in a device's own arithmetic (a
    // length computed as ticks / 10^7, a product of doubles): far below anything physical, and it keeps
    // an honest report at exactly full utilisation from being refused for one unit in the last place.
    private static readonly BigInteger ToleranceNumerator = BigInteger.Pow(10, 12) + 1;
    private static readonly BigInteger ToleranceDenominator = BigInteger.Pow(10, 12);

    /// <summary>
    /// Checks <paramref name="report"/> for the device <paramref name="deviceId"/> of <paramref name="model"/>
    /// in <paramref name="state"/>, in this order, rejecting with the first reason that applies:
    /// <list type="number">
    /// <item><see cref="IngestReasons.DeviceMismatch"/>: the report's device id is not <paramref name="deviceId"/> (ordinal).</item>
    /// <item><see cref="IngestReasons.WrongEpoch"/>: the report's epoch is not <see cref="DeviceReportingState.BootEpoch"/>.</item>
    /// <item><see cref="IngestReasons.Malformed"/>: a number is NaN, infinite or negative; the interval ends at or
    /// before its start; utilisation is above 1; active seconds exceed the interval's length; the precision is
    /// missing or undefined; the workload id is longer than 128 characters; a peer hash is not 32 bytes.</item>
    /// <item><see cref="IngestReasons.Rollback"/>: the sequence is at or below the last accepted one. Identical
    /// resends are duplicates, told apart by the caller (same signed bytes) before calling.</item>
    /// <item><see cref="IngestReasons.Overlap"/>: the interval starts before the last accepted interval's end
    /// (starting exactly at it is fine).</item>
    /// <item><see cref="IngestReasons.Future"/>: the interval ends more than <see cref="IngestPolicy.MaxClockSkew"/>
    /// after <paramref name="now"/> (exactly at the skew is fine).</item>
    /// <item><see cref="IngestReasons.UnsupportedPrecision"/>: the model has no such precision.</item>
    /// <item><see cref="IngestReasons.AbovePhysicalLimit"/>: the estimated FLOP exceed the interval's length in
    /// seconds x the model's peak dense FLOP/s at the precision, compared exactly (no rounding: exactly at
    /// the limit is fine).</item>
    /// </list>
    /// Otherwise the report is accepted and <see cref="IngestVerdict.Next"/> holds the new state: totals
    /// added, last sequence and interval end moved on, a <see cref="MissingEvidenceKinds.SequenceGap"/> appended
    /// when the sequence skips (last + 1 to sequence - 1, from the last end to this start), and a
    /// <see cref="MissingEvidenceKinds.Silent"/> record appended when the report ends a silence
    /// (<see cref="Liveness.ClosedSilence"/>). The grain stores <see cref="IngestVerdict.Next"/> as it is.
    /// </summary>
    public static IngestVerdict Check(
        DeviceReportingState state,
        string deviceId,
        DeviceModel model,
        ReportFacts report,
        DateTimeOffset now,
        IngestPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(policy);
        if (!Enum.IsDefined(model))
        {
            throw new ArgumentOutOfRangeException(nameof(model), model, "Not a defined device model.");
        }

        if (!string.Equals(report.DeviceId, deviceId, StringComparison.Ordinal))
        {
            return IngestVerdict.Reject(
                IngestReasons.DeviceMismatch,
                $"the report is from device '{TextRules.Truncate(report.DeviceId ?? string.Empty)}', not '{TextRules.Truncate(deviceId)}'");
        }

        if (report.BootEpoch != state.BootEpoch)
        {
            return IngestVerdict.Reject(
                IngestReasons.WrongEpoch,
                $"the report is from boot epoch {report.BootEpoch}; the device's current reporting key is for epoch {state.BootEpoch}");
        }

        if (FindMalformation(report) is { } malformation)
        {
            return IngestVerdict.Reject(IngestReasons.Malformed, malformation);
        }

        if (report.Sequence <= state.LastSequence)
        {
            return IngestVerdict.Reject(
                IngestReasons.Rollback,
                $"sequence {report.Sequence} is not after the last accepted sequence {state.LastSequence} of epoch {state.BootEpoch}");
        }

        if (state.LastIntervalEnd is { } lastEnd && report.IntervalStart < lastEnd)
        {
            return IngestVerdict.Reject(
                IngestReasons.Overlap,
                $"the interval starts at {report.IntervalStart:O}, before the last accepted interval ended at {lastEnd:O}");
        }

        // Differences of two DateTimeOffsets always fit a TimeSpan; now + skew might not fit a DateTimeOffset.
        if (report.IntervalEnd - now > policy.MaxClockSkew)
        {
            return IngestVerdict.Reject(
                IngestReasons.Future,
                $"the interval ends at {report.IntervalEnd:O}, more than {policy.MaxClockSkew} after the server's clock ({now:O})");
        }

        var precision = report.Precision!.Value;
        if (DeviceModels.PeakDenseOpsPerSecond(model, precision) is not { } peak)
        {
            return IngestVerdict.Reject(IngestReasons.UnsupportedPrecision, $"{model} does not support {precision}");
        }

        // FLOP > (ticks / 10^7) x peak x (1 + 10^-12), decided exactly: peak is a whole number of operations per second.
        var intervalTicks = (report.IntervalEnd - report.IntervalStart).Ticks;
        if (ExactComparison.Compare(report.EstimatedFlop, new BigInteger(intervalTicks) * peak * ToleranceNumerator, TicksPerSecond * ToleranceDenominator) > 0)
        {
            return IngestVerdict.Reject(
                IngestReasons.AbovePhysicalLimit,
                $"{report.EstimatedFlop:R} FLOP in {TimeSpan.FromTicks(intervalTicks)} is more than a {model} can do at its peak dense {precision} throughput of {peak} FLOP/s");
        }

        return IngestVerdict.Accept($"accepted sequence {report.Sequence} of epoch {report.BootEpoch}", Advance(state, report, policy));
    }

    /// <summary>
    /// The most FLOP a <paramref name="model"/> can do in <paramref name="interval"/> at
    /// <paramref name="precision"/>: the largest double not above interval seconds x peak dense FLOP/s x
    /// (1 + 10^-12), the relative allowance for floating-point rounding.
    /// A report with exactly this estimate passes <see cref="IngestReasons.AbovePhysicalLimit"/>; the next
    /// double does not.
    /// </summary>
    /// <exception cref="ArgumentException">The model does not support the precision.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The interval is negative.</exception>
    public static double PhysicalLimitFlop(DeviceModel model, Precision precision, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        var peak = DeviceModels.PeakDenseOpsPerSecond(model, precision)
            ?? throw new ArgumentException($"{model} does not support {precision}.", nameof(precision));
        return ExactComparison.FloorToDouble(new BigInteger(interval.Ticks) * peak * ToleranceNumerator, TicksPerSecond * ToleranceDenominator);
    }

    private static string? FindMalformation(ReportFacts report)
    {
        if (NotNonNegativeFinite(report.ActiveSeconds, "active seconds") is { } active)
        {
            return active;
        }

        if (NotNonNegativeFinite(report.Utilization, "utilization") is { } utilization)
        {
            return utilization;
        }

        if (NotNonNegativeFinite(report.PowerWatts, "power") is { } power)
        {
            return power;
        }

        if (NotNonNegativeFinite(report.EstimatedFlop, "estimated FLOP") is { } flop)
        {
            return flop;
        }

        if (report.IntervalEnd <= report.IntervalStart)
        {
            return $"the interval must end after it starts (start {report.IntervalStart:O}, end {report.IntervalEnd:O})";
        }

        if (report.Utilization > 1)
        {
            return $"utilization must be in [0, 1] (got {report.Utilization:R})";
        }

        var intervalTicks = (report.IntervalEnd - report.IntervalStart).Ticks;
        if (ExactComparison.Compare(report.ActiveSeconds, intervalTicks * ToleranceNumerator, TicksPerSecond * ToleranceDenominator) > 0)
        {
            return $"active seconds ({report.ActiveSeconds:R}) exceed the interval's length ({TimeSpan.FromTicks(intervalTicks)})";
        }

        if (report.Precision is not { } precision)
        {
            return "precision is required";
        }

        if (!Enum.IsDefined(precision))
        {
            return $"precision {(int)precision} is not a known precision";
        }

        if (report.WorkloadId is null || report.WorkloadId.Length > MaxWorkloadIdLength)
        {
            return $"the workload id must be at most {MaxWorkloadIdLength} characters (got {report.WorkloadId?.Length.ToString() ?? "none"})";
        }

        if (TextRules.ControlCharacter(report.WorkloadId) is { } control)
        {
            return $"the workload id {control}";
        }

        if (report.PeerDeviceHashes is null)
        {
            return "peer device hashes are required (an empty list when none)";
        }

        for (var i = 0; i < report.PeerDeviceHashes.Count; i++)
        {
            if (report.PeerDeviceHashes[i] is not { Length: PeerHashLength })
            {
                return $"peer device hash {i} must be {PeerHashLength} bytes (got {report.PeerDeviceHashes[i]?.Length ?? 0})";
            }
        }

        return report.LastChallengeNonce is null ? "the last challenge nonce is required (empty when none was received)" : null;
    }

    private static string? NotNonNegativeFinite(double value, string what) =>
        double.IsFinite(value) && value >= 0 ? null : $"{what} must be a finite number >= 0 (got {value:R})";

    private static DeviceReportingState Advance(DeviceReportingState state, ReportFacts report, IngestPolicy policy)
    {
        var gaps = state.Gaps;

        // Sequence > last here, so last + 1 and sequence - 1 cannot overflow.
        if (report.Sequence > state.LastSequence + 1)
        {
            gaps = [.. gaps, new MissingEvidence(
                report.BootEpoch,
                state.LastSequence + 1,
                report.Sequence - 1,
                state.LastIntervalEnd ?? report.IntervalStart,
                report.IntervalStart,
                MissingEvidenceKinds.SequenceGap)];
        }

        if (Liveness.ClosedSilence(state, report, policy) is { } silence)
        {
            gaps = [.. gaps, silence];
        }

        return state with
        {
            LastSequence = report.Sequence,
            LastIntervalEnd = report.IntervalEnd,
            Reports = state.Reports + 1,
            TotalFlop = state.TotalFlop + report.EstimatedFlop,
            TotalActiveSeconds = state.TotalActiveSeconds + report.ActiveSeconds,
            Gaps = gaps,
        };
    }
}
