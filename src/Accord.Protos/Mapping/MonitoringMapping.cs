using Accord.Core.Compliance;
using Accord.Core.Log;
using Accord.Core.Monitoring;
using Accord.Protos.V1;

namespace Accord.Protos.Mapping;

/// <summary>Monitoring reports, notices and device models between the wire and Core.</summary>
public static class MonitoringMapping
{
    /// <summary>The Core model of a wire model; null when unspecified or unknown.</summary>
    public static Core.Monitoring.DeviceModel? ToDomain(V1.DeviceModel model) => model switch
    {
        V1.DeviceModel.A100Sxm => Core.Monitoring.DeviceModel.A100Sxm,
        V1.DeviceModel.H100Sxm => Core.Monitoring.DeviceModel.H100Sxm,
        V1.DeviceModel.H200Sxm => Core.Monitoring.DeviceModel.H200Sxm,
        V1.DeviceModel.B200 => Core.Monitoring.DeviceModel.B200,
        V1.DeviceModel.Gb200 => Core.Monitoring.DeviceModel.GB200,
        _ => null,
    };

    /// <summary>The wire model of a Core model.</summary>
    public static V1.DeviceModel ToProto(Core.Monitoring.DeviceModel model) => model switch
    {
        Core.Monitoring.DeviceModel.A100Sxm => V1.DeviceModel.A100Sxm,
        Core.Monitoring.DeviceModel.H100Sxm => V1.DeviceModel.H100Sxm,
        Core.Monitoring.DeviceModel.H200Sxm => V1.DeviceModel.H200Sxm,
        Core.Monitoring.DeviceModel.B200 => V1.DeviceModel.B200,
        Core.Monitoring.DeviceModel.GB200 => V1.DeviceModel.Gb200,
        _ => V1.DeviceModel.Unspecified,
    };

    /// <summary>The wire model of a stored model name (a <see cref="Core.Monitoring.DeviceModel"/> name); unspecified when unknown.</summary>
    public static V1.DeviceModel ToProto(string model) =>
        Enum.TryParse<Core.Monitoring.DeviceModel>(model, out var m) ? ToProto(m) : V1.DeviceModel.Unspecified;

    /// <summary>The facts of a report as signed (missing timestamps read as <see cref="DateTimeOffset.MinValue"/>, which admission refuses).</summary>
    public static ReportFacts ToFacts(MonitoringReport r) => new(
        r.DeviceId,
        r.BootEpoch,
        r.Sequence,
        ProtoTime.Read(r.IntervalStart) ?? DateTimeOffset.MinValue,
        ProtoTime.Read(r.IntervalEnd) ?? DateTimeOffset.MinValue,
        r.WorkloadId,
        r.ActiveSeconds,
        r.Utilization,
        r.PowerWatts,
        r.EstimatedFlop,
        CommitmentMapping.ToDomain(r.Precision),
        [.. r.PeerDeviceHashes.Select(h => h.ToByteArray())],
        r.LastChallengeNonce.ToByteArray());

    /// <summary>
    /// A logged report as the compliance ledger takes it: the party that enrolled its device, the device's
    /// enrolled model, and the log entry (<paramref name="entry"/> is the exact entry bytes).
    /// </summary>
    /// <exception cref="FormatException">The report has no interval or no precision (admission refuses such reports).</exception>
    public static VerifiedReport ToVerified(MonitoringReport r, string partyId, Core.Monitoring.DeviceModel model, long logIndex, ReadOnlySpan<byte> entry)
    {
        ArgumentNullException.ThrowIfNull(r);
        var facts = ToFacts(r);
        if (ProtoTime.Read(r.IntervalStart) is null || ProtoTime.Read(r.IntervalEnd) is null || facts.Precision is not { } precision)
        {
            throw new FormatException($"the report at log index {logIndex} has no interval or no precision");
        }

        return new VerifiedReport(
            partyId,
            facts.DeviceId,
            model,
            facts.WorkloadId,
            facts.IntervalStart,
            facts.IntervalEnd,
            facts.ActiveSeconds,
            facts.Utilization,
            facts.EstimatedFlop,
            precision,
            facts.PeerDeviceHashes,
            new EvidenceRef(logIndex, MerkleHash.Leaf(entry)));
    }

    /// <summary>A logged training notice as the compliance ledger takes it, signed at its header's time.</summary>
    /// <exception cref="FormatException">The notice has no signed time.</exception>
    public static TrainingNotice ToNotice(TrainingNotification n, long logIndex, ReadOnlySpan<byte> entry)
    {
        ArgumentNullException.ThrowIfNull(n);
        var signedAt = ProtoTime.Read(n.Header?.IssuedAt) ?? throw new FormatException($"the notice at log index {logIndex} has no signed time");
        return new TrainingNotice(n.WorkloadId, n.ExpectedFlop, signedAt, new EvidenceRef(logIndex, MerkleHash.Leaf(entry)));
    }
}
