// Reporting key certificates per protos/accord/v1/devices.proto (ReportingKeyStatement,
// ReportingKeyCertificate, ReportingKeySubmission): an Ed25519 key (RFC 8032) bound to a device and boot
// epoch by an ECDSA P-384 / SHA-384 signature (FIPS 186-5) of the device identity key, DER-encoded
// (RFC 3279), over the statement's serialized bytes exactly as sent.
using Accord.Client;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Agent.Keys;

/// <summary>Makes the statements and certificates that put a reporting key on record.</summary>
public static class ReportingKeyCertificates
{
    /// <summary>How long a reporting key is valid unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromHours(24);

    /// <summary>
    /// The epoch after <paramref name="previous"/>: max(previous + 1, Unix seconds of <paramref name="now"/>),
    /// so epochs strictly increase across boots even when the agent's own record is lost.
    /// </summary>
    public static ulong NextEpoch(ulong previous, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var clock = seconds > 0 ? (ulong)seconds : 0;
        return Math.Max(checked(previous + 1), clock);
    }

    /// <summary>The statement binding <paramref name="reportingKey"/> to the device and epoch.</summary>
    public static ReportingKeyStatement Statement(
        string deviceId,
        ulong bootEpoch,
        PartyPublicKey reportingKey,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        ReadOnlySpan<byte> challengeNonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(reportingKey);
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("A key's validity ends after it starts.", nameof(notAfter));
        }

        return new ReportingKeyStatement
        {
            DeviceId = deviceId,
            BootEpoch = bootEpoch,
            ReportingPublicKey = ByteString.CopyFrom(reportingKey.ToBytes()),
            NotBefore = Timestamp.FromDateTimeOffset(notBefore),
            NotAfter = Timestamp.FromDateTimeOffset(notAfter),
            ChallengeNonce = ByteString.CopyFrom(challengeNonce),
        };
    }

    /// <summary>Serializes the statement once and signs exactly those bytes with the identity key.</summary>
    /// <exception cref="ArgumentException">The statement names another device than the identity.</exception>
    public static ReportingKeyCertificate Certify(ReportingKeyStatement statement, IDeviceIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(identity);
        if (statement.DeviceId != identity.DeviceId)
        {
            throw new ArgumentException($"The statement is for device '{statement.DeviceId}', the identity is '{identity.DeviceId}'.", nameof(identity));
        }

        var bytes = statement.ToByteArray();
        var signature = identity.SignDer(bytes);
        return new ReportingKeyCertificate { Statement = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(signature) };
    }

    /// <summary>The lab's signed request to record the certificate.</summary>
    public static Envelope Submission(ReportingKeyCertificate certificate, string labPartyId, PartyKeyPair labKey, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(labKey);
        var submission = new ReportingKeySubmission
        {
            Header = RequestSigning.Header(labPartyId, issuedAt),
            Certificate = certificate,
        };
        return RequestSigning.Sign(submission, labKey);
    }
}
