// Monitoring reports per protos/accord/v1/devices.proto (MonitoringReport), signed as DSSE v1 envelopes
// (github.com/secure-systems-lab/dsse) with the device's Ed25519 reporting key (RFC 8032); peer device ids
// hashed with SHA-256 (FIPS 180-4) over their UTF-8 bytes (RFC 3629).
using System.Security.Cryptography;
using System.Text;
using Accord.Agent.Chips;
using Accord.Client;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Agent.Reports;

/// <summary>Where a report sits in its device's evidence: assigned by the spool.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="BootEpoch">The epoch of the reporting key that signs it.</param>
/// <param name="Sequence">1 for the epoch's first report, then the previous report's plus 1.</param>
/// <param name="IntervalStart">The previous report's interval end, or the key's not_before for the first.</param>
/// <param name="LatestChallenge">The latest challenge nonce the server sent for the device (empty: none yet).</param>
public sealed record ReportSlot(string DeviceId, ulong BootEpoch, ulong Sequence, DateTimeOffset IntervalStart, byte[] LatestChallenge);

/// <summary>Builds and signs monitoring reports.</summary>
public static class MonitoringReports
{
    /// <summary>The envelope payload type of a report: "accord.v1.MonitoringReport".</summary>
    public static string PayloadType { get; } = MonitoringReport.Descriptor.FullName;

    /// <summary>
    /// The report for <paramref name="slot"/> over [slot.IntervalStart, <paramref name="intervalEnd"/>] from
    /// what the chip did. Active seconds are capped at the interval's length, utilisation clamped to
    /// [0, 1]; estimated FLOP = active seconds × peak dense FLOP/s(model, precision) × utilisation.
    /// </summary>
    /// <exception cref="ArgumentException">The interval is empty, or the peak table has no figure for the model and precision.</exception>
    public static MonitoringReport Build(
        ReportSlot slot,
        DateTimeOffset intervalEnd,
        ChipSample sample,
        DeviceModel model,
        Precision precision = PeakFlops.DefaultPrecision)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(sample);
        if (intervalEnd <= slot.IntervalStart)
        {
            throw new ArgumentException("The interval ends after it starts.", nameof(intervalEnd));
        }

        var length = (intervalEnd - slot.IntervalStart).TotalSeconds;
        var active = Math.Clamp(Finite(sample.ActiveSeconds), 0, length);
        var utilization = Math.Clamp(Finite(sample.Utilization), 0, 1);
        var report = new MonitoringReport
        {
            DeviceId = slot.DeviceId,
            BootEpoch = slot.BootEpoch,
            Sequence = slot.Sequence,
            IntervalStart = Timestamp.FromDateTimeOffset(slot.IntervalStart),
            IntervalEnd = Timestamp.FromDateTimeOffset(intervalEnd),
            WorkloadId = sample.WorkloadId ?? string.Empty,
            ActiveSeconds = active,
            Utilization = utilization,
            PowerWatts = Math.Max(0, Finite(sample.PowerWatts)),
            EstimatedFlop = EstimateFlop(active, utilization, model, precision),
            Precision = precision,
            LastChallengeNonce = ByteString.CopyFrom(slot.LatestChallenge ?? []),
        };
        foreach (var peer in sample.PeerDeviceIds ?? [])
        {
            report.PeerDeviceHashes.Add(PeerHash(peer));
        }

        return report;
    }

    /// <summary>active seconds × peak dense FLOP/s(model, precision) × utilisation.</summary>
    public static double EstimateFlop(double activeSeconds, double utilization, DeviceModel model, Precision precision) =>
        activeSeconds * PeakFlops.PerSecond(model, precision) * utilization;

    /// <summary>SHA-256 of the UTF-8 bytes of a peer device id.</summary>
    public static ByteString PeerHash(string peerDeviceId)
    {
        ArgumentNullException.ThrowIfNull(peerDeviceId);
        return ByteString.CopyFrom(SHA256.HashData(Encoding.UTF8.GetBytes(peerDeviceId)));
    }

    /// <summary>Serializes the report once and signs PAE("accord.v1.MonitoringReport", bytes) with the reporting key.</summary>
    public static Envelope Sign(MonitoringReport report, PartyKeyPair reportingKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reportingKey);
        return RequestSigning.ToProto(EnvelopeSigner.Sign(PayloadType, report.ToByteArray(), reportingKey));
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
