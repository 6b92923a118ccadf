// Reads the signed monitoring messages of protos/accord/v1/devices.proto and monitoring_service.proto
// (ReportingKeyStatement, MonitoringReport, TrainingNotification) into the facts the rules in Accord.Core judge,
// and device models between the wire and Core. Reading only: every decision is in Core (ReportingKeyRules,
// SignedReportRules, ReportIngestRules, the compliance ledger).
using Accord.Core.Compliance;
using Accord.Core.Envelopes;
using Accord.Core.Log;
using Accord.Core.Monitoring;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Protos.Mapping;

/// <summary>Maps reporting-key statements, monitoring reports, notices and device models from the wire to Core.</summary>
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

    /// <summary>
    /// Reads a serialized <see cref="ReportingKeyStatement"/>: the reader <see cref="ReportingKeyRules"/> takes. Timestamps
    /// that are absent or unreadable read as null.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a ReportingKeyStatement (the message is the parser's).</exception>
    public static ReportingKeyClaims ReadStatement(ReadOnlyMemory<byte> statement)
    {
        ReportingKeyStatement parsed;
        try
        {
            parsed = ReportingKeyStatement.Parser.ParseFrom(statement.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException(e.Message, e);
        }

        return new ReportingKeyClaims(
            parsed.DeviceId,
            parsed.BootEpoch,
            parsed.ReportingPublicKey.ToByteArray(),
            ProtoTime.Read(parsed.NotBefore),
            ProtoTime.Read(parsed.NotAfter),
            parsed.ChallengeNonce.ToByteArray());
    }

    /// <summary>Reads the <see cref="MonitoringReport"/> an envelope carries, for <see cref="SignedReportRules"/>.</summary>
    /// <exception cref="FormatException">The payload type is not MonitoringReport, or the payload does not parse.</exception>
    public static SignedReport ReadReport(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.PayloadType != MonitoringReport.Descriptor.FullName)
        {
            throw new FormatException($"payload type '{envelope.PayloadType}' is not {MonitoringReport.Descriptor.FullName}");
        }

        MonitoringReport report;
        try
        {
            report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException(e.Message, e);
        }

        var readable = (report.IntervalStart is null || ProtoTime.Read(report.IntervalStart) is not null)
            && (report.IntervalEnd is null || ProtoTime.Read(report.IntervalEnd) is not null);
        return new SignedReport(envelope, ToFacts(report), report.IntervalStart is not null, report.IntervalEnd is not null, readable);
    }

    /// <summary>
    /// The facts of <paramref name="report"/>; an interval timestamp that is absent or unreadable reads as
    /// <see cref="DateTimeOffset.MinValue"/>, an unspecified or unknown precision as null.
    /// </summary>
    public static ReportFacts ToFacts(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReportFacts(
            report.DeviceId,
            report.BootEpoch,
            report.Sequence,
            ProtoTime.Read(report.IntervalStart) ?? DateTimeOffset.MinValue,
            ProtoTime.Read(report.IntervalEnd) ?? DateTimeOffset.MinValue,
            report.WorkloadId,
            report.ActiveSeconds,
            report.Utilization,
            report.PowerWatts,
            report.EstimatedFlop,
            CommitmentMapping.ToDomain(report.Precision),
            [.. report.PeerDeviceHashes.Select(h => h.ToByteArray())],
            report.LastChallengeNonce.ToByteArray());
    }

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
