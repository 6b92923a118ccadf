using Accord.Grains.Abstractions.Devices;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Server.Mapping;

/// <summary>Device and trust state to public records, and device models between the wire and Core.</summary>
public static class DeviceMapping
{
    public static Core.Monitoring.DeviceModel? ToDomain(DeviceModel model) => model switch
    {
        DeviceModel.A100Sxm => Core.Monitoring.DeviceModel.A100Sxm,
        DeviceModel.H100Sxm => Core.Monitoring.DeviceModel.H100Sxm,
        DeviceModel.H200Sxm => Core.Monitoring.DeviceModel.H200Sxm,
        DeviceModel.B200 => Core.Monitoring.DeviceModel.B200,
        DeviceModel.Gb200 => Core.Monitoring.DeviceModel.GB200,
        _ => null,
    };

    public static DeviceModel ToProto(string model) => System.Enum.TryParse<Core.Monitoring.DeviceModel>(model, out var m)
        ? m switch
        {
            Core.Monitoring.DeviceModel.A100Sxm => DeviceModel.A100Sxm,
            Core.Monitoring.DeviceModel.H100Sxm => DeviceModel.H100Sxm,
            Core.Monitoring.DeviceModel.H200Sxm => DeviceModel.H200Sxm,
            Core.Monitoring.DeviceModel.B200 => DeviceModel.B200,
            Core.Monitoring.DeviceModel.GB200 => DeviceModel.Gb200,
            _ => DeviceModel.Unspecified,
        }
        : DeviceModel.Unspecified;

    public static DeviceRecord ToRecord(DeviceState d)
    {
        var record = new DeviceRecord
        {
            DeviceId = d.DeviceId,
            PartyId = d.PartyId,
            Model = ToProto(d.Model),
            RootSha256 = d.RootSha256,
            EnrolledAt = Timestamp.FromDateTimeOffset(d.EnrolledAt),
            BootEpoch = d.BootEpoch,
            ReportingKeyId = d.ReportingKey.Length == 32 ? Core.Keys.KeyIds.Of(d.ReportingKey) : "",
            LastSequence = d.LastSequence,
            LastReportEnd = d.LastIntervalEnd is { } end ? Timestamp.FromDateTimeOffset(end) : null,
            Reports = d.Reports,
            TotalFlop = d.TotalFlop,
            TotalActiveSeconds = d.TotalActiveSeconds,
            SilentSince = d.SilentSince is { } silent ? Timestamp.FromDateTimeOffset(silent) : null,
            Revocation = d.Revocation,
            Enrolment = d.Enrolment is { } e ? EnvelopeMapping.ToProto(e) : null,
        };
        record.CertificateChain.AddRange(d.Chain.Select(ByteString.CopyFrom));
        foreach (var (index, value) in d.Measurements)
        {
            record.Measurements[(uint)index] = value;
        }

        record.Gaps.AddRange(d.Gaps.Select(g => new EvidenceGap
        {
            BootEpoch = g.BootEpoch,
            FirstSequence = g.FirstSequence,
            LastSequence = g.LastSequence,
            From = Timestamp.FromDateTimeOffset(g.From),
            Until = g.Until is { } u ? Timestamp.FromDateTimeOffset(u) : null,
            Kind = g.Kind,
        }));
        return record;
    }

    public static TrustRootRecord ToRecord(TrustRootEntry r) => new()
    {
        CertificateSha256 = r.Sha256,
        Subject = r.Subject,
        Label = r.Label,
        AddedBy = r.AddedBy,
        AddedAt = Timestamp.FromDateTimeOffset(r.AddedAt),
        CertificateDer = ByteString.CopyFrom(r.Der),
    };

    public static RevocationRecord ToRecord(RevocationEntry r) => new()
    {
        CertificateSha256 = r.Sha256,
        Reason = r.Reason,
        RevokedBy = r.RevokedBy,
        RevokedAt = Timestamp.FromDateTimeOffset(r.RevokedAt),
    };
}
