using Accord.Core.Commitments;
using Accord.Core.Envelopes;
using Accord.Core.Monitoring;

namespace Accord.Grains.Abstractions.Devices;

/// <summary>
/// How Core's <see cref="SignedReport"/> crosses a grain call (the server reads each report once and hands the
/// device grain what it read): a surrogate, field for field, converted by <see cref="SignedReportConverter"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("accord.signed-report")]
public struct SignedReportSurrogate
{
    [Id(0)] public SignedEnvelope Envelope;
    [Id(1)] public ReportFacts Facts;
    [Id(2)] public bool HasIntervalStart;
    [Id(3)] public bool HasIntervalEnd;
    [Id(4)] public bool IntervalReadable;
}

/// <summary>Converts <see cref="SignedReport"/> to and from its surrogate.</summary>
[RegisterConverter]
public sealed class SignedReportConverter : IConverter<SignedReport, SignedReportSurrogate>
{
    public SignedReport ConvertFromSurrogate(in SignedReportSurrogate surrogate) =>
        new(surrogate.Envelope, surrogate.Facts, surrogate.HasIntervalStart, surrogate.HasIntervalEnd, surrogate.IntervalReadable);

    public SignedReportSurrogate ConvertToSurrogate(in SignedReport value) => new()
    {
        Envelope = value.Envelope,
        Facts = value.Facts,
        HasIntervalStart = value.HasIntervalStart,
        HasIntervalEnd = value.HasIntervalEnd,
        IntervalReadable = value.IntervalReadable,
    };
}

/// <summary>How Core's <see cref="ReportFacts"/> crosses a grain call; the precision travels as its enum value (null: unspecified).</summary>
[GenerateSerializer, Immutable, Alias("accord.report-facts")]
public struct ReportFactsSurrogate
{
    [Id(0)] public string DeviceId;
    [Id(1)] public ulong BootEpoch;
    [Id(2)] public ulong Sequence;
    [Id(3)] public DateTimeOffset IntervalStart;
    [Id(4)] public DateTimeOffset IntervalEnd;
    [Id(5)] public string WorkloadId;
    [Id(6)] public double ActiveSeconds;
    [Id(7)] public double Utilization;
    [Id(8)] public double PowerWatts;
    [Id(9)] public double EstimatedFlop;
    [Id(10)] public int? Precision;
    [Id(11)] public ImmutableArray<byte[]> PeerDeviceHashes;
    [Id(12)] public byte[] LastChallengeNonce;
}

/// <summary>Converts <see cref="ReportFacts"/> to and from its surrogate.</summary>
[RegisterConverter]
public sealed class ReportFactsConverter : IConverter<ReportFacts, ReportFactsSurrogate>
{
    public ReportFacts ConvertFromSurrogate(in ReportFactsSurrogate surrogate) => new(
        surrogate.DeviceId,
        surrogate.BootEpoch,
        surrogate.Sequence,
        surrogate.IntervalStart,
        surrogate.IntervalEnd,
        surrogate.WorkloadId,
        surrogate.ActiveSeconds,
        surrogate.Utilization,
        surrogate.PowerWatts,
        surrogate.EstimatedFlop,
        surrogate.Precision is { } p ? (Precision)p : null,
        surrogate.PeerDeviceHashes,
        surrogate.LastChallengeNonce);

    public ReportFactsSurrogate ConvertToSurrogate(in ReportFacts value) => new()
    {
        DeviceId = value.DeviceId,
        BootEpoch = value.BootEpoch,
        Sequence = value.Sequence,
        IntervalStart = value.IntervalStart,
        IntervalEnd = value.IntervalEnd,
        WorkloadId = value.WorkloadId,
        ActiveSeconds = value.ActiveSeconds,
        Utilization = value.Utilization,
        PowerWatts = value.PowerWatts,
        EstimatedFlop = value.EstimatedFlop,
        Precision = value.Precision is { } p ? (int)p : null,
        PeerDeviceHashes = [.. value.PeerDeviceHashes],
        LastChallengeNonce = value.LastChallengeNonce,
    };
}
