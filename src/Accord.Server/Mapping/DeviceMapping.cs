using Accord.Grains.Abstractions.Devices;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Server.Mapping;

/// <summary>Device and trust state to public records.</summary>
public static class DeviceMapping
{
    public static DeviceRecord ToRecord(DeviceState d)
    {
        var record = new DeviceRecord
        {
            DeviceId = d.DeviceId,
            PartyId = d.PartyId,
            Model = Protos.Mapping.MonitoringMapping.ToProto(d.Model),
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
