// Reads the signed monitoring messages of protos/accord/v1/devices.proto (ReportingKeyStatement,
// MonitoringReport) into the facts the rules in Accord.Core.Monitoring
// judge. Reading only: every decision is in Core (ReportingKeyRules, SignedReportRules, ReportIngestRules).
using Accord.Core.Envelopes;
using Accord.Core.Monitoring;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Protos.Mapping;

/// <summary>Maps reporting-key statements and monitoring reports from the wire to <c>Accord.Core.Monitoring</c>.</summary>
public static class MonitoringMapping
{
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
}
