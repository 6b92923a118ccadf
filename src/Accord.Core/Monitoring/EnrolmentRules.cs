// Device enrolment (docs/attestation.md, "Enrolment and reporting keys", step 3): a device is enrolled
// once, by the lab whose chain verifies against the trust store as it is now (RFC 5280 path validation,
// DeviceChainVerifier), for the device the chain's leaf names; SPDM 1.1 evidence, when given, must answer
// an outstanding challenge and verify (SpdmEvidenceVerifier). Pure: state and time come in as arguments.
using System.Collections.Immutable;
using System.Security.Cryptography;
using Accord.Core.Attestation;
using Accord.Core.Common;

namespace Accord.Core.Monitoring;

/// <summary>What an accepted enrolment records.</summary>
/// <param name="RootSha256">Lowercase hex SHA-256 of the trusted root the chain verifies to.</param>
/// <param name="Revocation">The chain's revocation status.</param>
/// <param name="Measurements">The evidence's measurements (index to lowercase hex); empty without evidence.</param>
/// <param name="UsedChallenge">The index, in the challenges given, of the challenge the evidence answered (to mark used); null without evidence.</param>
/// <param name="Displaced">The party whose enrolment, made without evidence, this one replaces by proving possession; null otherwise.</param>
public sealed record EnrolmentAdmission(
    string RootSha256,
    RevocationStatus Revocation,
    ImmutableSortedDictionary<int, string> Measurements,
    int? UsedChallenge,
    string? Displaced = null);

/// <summary>Decides whether a device may be enrolled.</summary>
public static class EnrolmentRules
{
    /// <summary>
    /// Checks the enrolment of <paramref name="deviceId"/> by <paramref name="partyId"/>, in this order, refusing
    /// with the first that applies:
    /// <list type="number">
    /// <item><c>ALREADY_ENROLLED</c> (same party) or <c>ENROLLED_BY_ANOTHER_PARTY</c>: <paramref name="enrolledBy"/> is set
    /// (ALREADY_EXISTS, field <c>certificate_chain</c>). One exception: an enrolment made without evidence is
    /// provisional, and another lab that brings evidence (proof that it holds the device: the identity key's signature
    /// over a fresh challenge) contests it; if every check below passes, its enrolment replaces the first
    /// (<see cref="EnrolmentAdmission.Displaced"/>). Anyone can copy a device's public chain; only its holder can answer a challenge.</item>
    /// <item>the chain's reason (<see cref="AttestationReasons"/>): it does not verify against <paramref name="trust"/> at
    /// <paramref name="now"/> (FAILED_PRECONDITION, <c>certificate_chain</c>).</item>
    /// <item><c>DEVICE_MISMATCH</c>: the chain's leaf names another device (INVALID_ARGUMENT, <c>certificate_chain</c>).</item>
    /// <item>with evidence: its parse reason (INVALID_ARGUMENT, <c>evidence.report</c>); <c>NONCE_MISMATCH</c> when its
    /// request nonce is no unused, unexpired challenge (expiring exactly now is fine) of <paramref name="challenges"/>;
    /// the evidence's reason when it does not verify (both FAILED_PRECONDITION, <c>evidence.report</c>).</item>
    /// </list>
    /// </summary>
    /// <param name="deviceId">The device (the grain's key).</param>
    /// <param name="partyId">The enrolling lab.</param>
    /// <param name="enrolledBy">The party that enrolled the device already; null when it is not enrolled.</param>
    /// <param name="enrolledWithEvidence">Whether that enrolment proved possession with evidence (then it cannot be contested).</param>
    /// <param name="chain">The identity chain, leaf first, DER.</param>
    /// <param name="spdmReport">The SPDM 1.1 measurement report, or null when none was given.</param>
    /// <param name="trust">The trust store as it is now.</param>
    /// <param name="challenges">The challenges issued to the device, oldest first.</param>
    /// <param name="now">The server's clock.</param>
    public static Checked<EnrolmentAdmission> Check(
        string deviceId,
        string partyId,
        string? enrolledBy,
        bool enrolledWithEvidence,
        IReadOnlyList<byte[]> chain,
        byte[]? spdmReport,
        TrustSnapshot trust,
        IReadOnlyList<IssuedChallenge> challenges,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(challenges);
        if (enrolledBy == partyId)
        {
            return new Refusal(RefusalCode.AlreadyExists, "ALREADY_ENROLLED", $"device {deviceId} is already enrolled by '{partyId}'", "certificate_chain");
        }

        if (enrolledBy is not null && (enrolledWithEvidence || spdmReport is null))
        {
            return new Refusal(RefusalCode.AlreadyExists, "ENROLLED_BY_ANOTHER_PARTY", enrolledWithEvidence
                ? $"device {deviceId} is enrolled by another party, with evidence that it holds the device"
                : $"device {deviceId} is enrolled by another party, without evidence; enrol with SPDM evidence over a fresh challenge to contest it", "certificate_chain");
        }

        var verified = DeviceChainVerifier.Verify(chain, trust, now);
        if (!verified.Valid)
        {
            return new Refusal(RefusalCode.FailedPrecondition, verified.Reason ?? "BAD_CHAIN", verified.Message, "certificate_chain");
        }

        if (verified.DeviceId != deviceId)
        {
            return new Refusal(RefusalCode.InvalidArgument, "DEVICE_MISMATCH", $"the chain is for device {verified.DeviceId}, not {deviceId}", "certificate_chain");
        }

        if (spdmReport is null)
        {
            return Checked<EnrolmentAdmission>.Allow(new(verified.RootSha256 ?? "", verified.Revocation, ImmutableSortedDictionary<int, string>.Empty, null));
        }

        byte[] nonce;
        try
        {
            nonce = SpdmMeasurementReport.Parse(spdmReport).RequestNonce;
        }
        catch (AttestationException e)
        {
            return new Refusal(RefusalCode.InvalidArgument, e.Reason, e.Message, "evidence.report");
        }

        var answered = -1;
        for (var i = 0; i < challenges.Count; i++)
        {
            var c = challenges[i];
            if (!c.Used && c.ExpiresAt >= now && CryptographicOperations.FixedTimeEquals(c.Nonce, nonce))
            {
                answered = i;
                break;
            }
        }

        if (answered < 0)
        {
            return new Refusal(RefusalCode.FailedPrecondition, "NONCE_MISMATCH",
                "the evidence answers no outstanding challenge for this device (expired, used, or never issued)", "evidence.report");
        }

        var evidence = SpdmEvidenceVerifier.Verify(spdmReport, chain, trust, nonce, now);
        if (!evidence.Valid)
        {
            return new Refusal(RefusalCode.FailedPrecondition, evidence.Reason ?? "BAD_EVIDENCE", evidence.Message, "evidence.report");
        }

        var measurements = evidence.Measurements.ToImmutableSortedDictionary(m => (int)m.Index, m => Convert.ToHexStringLower(m.Value));
        return Checked<EnrolmentAdmission>.Allow(new(verified.RootSha256 ?? "", verified.Revocation, measurements, answered, enrolledBy));
    }
}
