// Reporting-key certificates (docs/attestation.md, "Reporting-key certificate" and "Enrolment and reporting
// keys", step 4): a ReportingKeyStatement signed with ECDSA P-384 / SHA-384 (RFC 5480, RFC 5758; strict DER)
// by the device's identity leaf, over the statement bytes as received, certifies a raw Ed25519 key (RFC 8032)
// for one boot epoch. VerifyCertificate is the stateless part (an offline verifier needs only it); Check adds
// what the device's record decides. Pure: state and time come in as arguments.
using System.Security.Cryptography;
using Accord.Core.Attestation;
using Accord.Core.Common;
using Accord.Core.Keys;
using Accord.Core.Parties;

namespace Accord.Core.Monitoring;

/// <summary>What an accepted reporting key changes on the device's record.</summary>
/// <param name="Certified">The key: the device moves to its epoch (sequence back to 0), with its key and validity.</param>
/// <param name="UsedChallenge">The index, in <see cref="EnrolledDevice.Challenges"/>, of the challenge it answered: now used.</param>
public sealed record ReportingKeyAdmission(CertifiedReportingKey Certified, int UsedChallenge);

/// <summary>Decides whether a reporting-key certificate holds, and whether a device takes it.</summary>
public static class ReportingKeyRules
{
    /// <summary>
    /// Verifies a reporting-key certificate for <paramref name="deviceId"/> with no server state, in this order,
    /// refusing with the first that applies (the field is where <c>SubmitReportingKey</c> carries it):
    /// <list type="number">
    /// <item><c>BAD_SIGNATURE</c> (UNAUTHENTICATED, <c>certificate.signature</c>): <paramref name="signature"/> is not a
    /// strict-DER ECDSA P-384 / SHA-384 signature over <paramref name="statement"/>, as received, by
    /// <paramref name="identityPublicKeyInfo"/>.</item>
    /// <item><c>MALFORMED</c> (INVALID_ARGUMENT, <c>certificate.statement</c>): <paramref name="read"/> throws
    /// <see cref="FormatException"/> (the bytes are not a statement).</item>
    /// <item><c>DEVICE_MISMATCH</c> (INVALID_ARGUMENT): the statement names another device (ordinal).</item>
    /// <item><c>MALFORMED</c>: the key is not 32 bytes; then, a validity timestamp is absent or unreadable.</item>
    /// </list>
    /// </summary>
    /// <param name="identityPublicKeyInfo">The device identity leaf's SubjectPublicKeyInfo, DER.</param>
    /// <param name="statement">The serialized <c>ReportingKeyStatement</c>, exactly as signed.</param>
    /// <param name="signature">The DER <c>ECDSA-Sig-Value</c> over <paramref name="statement"/>.</param>
    /// <param name="deviceId">The device the certificate must be for.</param>
    /// <param name="read">Reads the statement's bytes (Accord.Protos: <c>MonitoringMapping.ReadStatement</c>); throws <see cref="FormatException"/> when they are not one.</param>
    public static Checked<CertifiedReportingKey> VerifyCertificate(
        ReadOnlySpan<byte> identityPublicKeyInfo,
        ReadOnlyMemory<byte> statement,
        ReadOnlySpan<byte> signature,
        string deviceId,
        Func<ReadOnlyMemory<byte>, ReportingKeyClaims> read)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(read);
        if (!EcdsaP384.VerifyDer(identityPublicKeyInfo, statement.Span, signature))
        {
            return new Refusal(RefusalCode.Unauthenticated, "BAD_SIGNATURE", "the reporting key certificate is not signed by the device's identity key", "certificate.signature");
        }

        ReportingKeyClaims claims;
        try
        {
            claims = read(statement);
        }
        catch (FormatException e)
        {
            return Malformed($"not a ReportingKeyStatement: {e.Message}");
        }

        if (!string.Equals(claims.DeviceId, deviceId, StringComparison.Ordinal))
        {
            return new Refusal(RefusalCode.InvalidArgument, "DEVICE_MISMATCH", $"the statement is for device {claims.DeviceId}", "certificate.statement");
        }

        PartyPublicKey key;
        try
        {
            key = PartyPublicKey.FromBytes(claims.ReportingPublicKey);
        }
        catch (FormatException)
        {
            return Malformed("the reporting key must be a raw 32-byte Ed25519 key");
        }

        if (claims.NotBefore is not { } notBefore || claims.NotAfter is not { } notAfter)
        {
            return Malformed("the reporting key certificate needs valid not_before and not_after timestamps");
        }

        return Checked<CertifiedReportingKey>.Allow(new(claims.DeviceId, new ReportingKey(claims.BootEpoch, key, notBefore, notAfter), claims.ChallengeNonce));
    }

    /// <summary>
    /// Whether <paramref name="device"/> (null: not enrolled) takes the reporting key <paramref name="partyId"/> submits,
    /// in this order, refusing with the first that applies:
    /// <list type="number">
    /// <item><c>UNKNOWN_DEVICE</c> (NOT_FOUND, <c>device_id</c>): <paramref name="deviceId"/> is not enrolled.</item>
    /// <item><c>NOT_OWNER</c> (PERMISSION_DENIED, <c>certificate</c>): another lab enrolled it (<see cref="Permissions"/>,
    /// <see cref="PartyAction.SubmitReportingKey"/>).</item>
    /// <item>what <see cref="VerifyCertificate"/> refuses, under the device's identity key.</item>
    /// <item><c>STALE_EPOCH</c> (FAILED_PRECONDITION, <c>certificate.statement</c>): the epoch is not after the current one.</item>
    /// <item><c>OUTSIDE_VALIDITY</c>: not_before is more than <paramref name="maxClockSkew"/> after <paramref name="now"/>,
    /// or not_after is at or before it.</item>
    /// <item><c>UNKNOWN_CHALLENGE</c>, <c>REUSED_CHALLENGE</c>, <c>STALE_CHALLENGE</c>: the nonce is no challenge the device
    /// remembers, or its challenge is used, or expired before <paramref name="now"/> (expiring exactly now is fine).</item>
    /// </list>
    /// </summary>
    public static Checked<ReportingKeyAdmission> Check(
        EnrolledDevice? device,
        string deviceId,
        string partyId,
        ReadOnlyMemory<byte> statement,
        ReadOnlySpan<byte> signature,
        Func<ReadOnlyMemory<byte>, ReportingKeyClaims> read,
        DateTimeOffset now,
        TimeSpan maxClockSkew)
    {
        if (device is null)
        {
            return new Refusal(RefusalCode.NotFound, "UNKNOWN_DEVICE", $"device {deviceId} is not enrolled", "device_id");
        }

        if (Permissions.Check(PartyAction.SubmitReportingKey, ActingParty.ById(partyId), PermissionSubject.Of(device.DeviceId, device.PartyId)) is { } notOwner)
        {
            return notOwner;
        }

        var verified = VerifyCertificate(device.IdentityPublicKeyInfo, statement, signature, device.DeviceId, read);
        if (verified.Refusal is { } refused)
        {
            return refused;
        }

        var certified = verified.Value!;
        var key = certified.Key;
        if (key.BootEpoch <= device.BootEpoch)
        {
            return new Refusal(RefusalCode.FailedPrecondition, "STALE_EPOCH", $"boot epoch {key.BootEpoch} is not after the current epoch {device.BootEpoch}", "certificate.statement");
        }

        // Differences of two DateTimeOffsets always fit a TimeSpan; now + skew might not fit a DateTimeOffset.
        if (key.NotBefore - now > maxClockSkew || key.NotAfter <= now)
        {
            return new Refusal(RefusalCode.FailedPrecondition, "OUTSIDE_VALIDITY", "the reporting key certificate is not valid now", "certificate.statement");
        }

        var index = -1;
        for (var i = 0; i < device.Challenges.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(device.Challenges[i].Nonce, certified.ChallengeNonce))
            {
                index = i;
                break;
            }
        }

        var challenge = index < 0 ? null : device.Challenges[index];
        if (challenge is null)
        {
            return ChallengeRefused("UNKNOWN_CHALLENGE", "the certificate answers no challenge issued to this device");
        }

        if (challenge.Used)
        {
            return ChallengeRefused("REUSED_CHALLENGE", "the certificate's challenge was already used");
        }

        if (challenge.ExpiresAt < now)
        {
            return ChallengeRefused("STALE_CHALLENGE", "the certificate's challenge has expired");
        }

        return Checked<ReportingKeyAdmission>.Allow(new(certified, index));
    }

    private static Refusal Malformed(string message) => new(RefusalCode.InvalidArgument, "MALFORMED", message, "certificate.statement");

    private static Refusal ChallengeRefused(string reason, string message) => new(RefusalCode.FailedPrecondition, reason, message, "certificate.statement");
}
