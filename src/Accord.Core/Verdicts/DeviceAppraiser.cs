// Appraisal of device attestation results into an AR4SI trustworthiness vector
// (IETF draft-ietf-rats-ar4si) from RFC 5280 chain validation (DeviceChainVerifier), DMTF
// DSP0274 SPDM 1.1 measurement evidence and Ed25519 (RFC 8032) report signatures.
// docs/compliance.md, "Verdicts and evidence bundles", has the mapping table.
using Accord.Core.Attestation;

namespace Accord.Core.Verdicts;

/// <summary>Maps attestation results to AR4SI claims. Weak evidence is a warning, never silently affirming.</summary>
public static class DeviceAppraiser
{
    private static readonly HashSet<string> CryptoFailures = new(StringComparer.Ordinal)
    {
        AttestationReasons.BadSignature,
        AttestationReasons.BrokenChain,
        AttestationReasons.Malformed,
        AttestationReasons.EmptyChain,
        AttestationReasons.UnsupportedAlgorithm,
    };

    /// <summary>
    /// Appraises one device.
    /// <list type="bullet">
    /// <item>instance-identity and hardware: a chain that did not verify is contraindicated (99 when a
    /// signature, link or encoding failed, 97 when it ends at no trusted root, 96 when revoked or
    /// otherwise invalid); a valid chain is a warning (32) when its revocation is unknown or it is not
    /// hardware-rooted (<paramref name="hardwareRooted"/> false: e.g. a test manufacturer's chain), and
    /// hardware is also a warning without verified SPDM measurements; otherwise affirming (2).</item>
    /// <item>sourced-data: none (0) when there are no reports (<paramref name="reportsVerified"/> null);
    /// 99 when a report or the reporting-key certificate did not verify; otherwise the worst tier of
    /// instance-identity and hardware (2, 32 or 96): data is as trustworthy as the device that signed it.</item>
    /// <item>configuration, executables, file-system, runtime-opaque, storage-opaque: none (0). Accord holds
    /// no reference values for them, so verified SPDM measurements do not affirm them.</item>
    /// </list>
    /// </summary>
    /// <param name="deviceId">The device appraised.</param>
    /// <param name="chain">The identity chain's validation result.</param>
    /// <param name="hardwareRooted">True only when the root is a real manufacturer's hardware root (false for a test manufacturer).</param>
    /// <param name="measurementsVerified">True when SPDM measurement evidence from the identity key verified.</param>
    /// <param name="reportsVerified">Null: no reports; true: every report and reporting-key certificate verified; false: one did not.</param>
    public static DeviceAppraisal Appraise(string deviceId, ChainResult chain, bool hardwareRooted, bool measurementsVerified, bool? reportsVerified = null)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(chain);
        var warnings = new List<string>();
        TrustClaim identity;
        TrustClaim hardware;
        if (!chain.Valid)
        {
            var reason = chain.Reason ?? AttestationReasons.Malformed;
            identity = hardware = CryptoFailures.Contains(reason) ? TrustClaim.CryptoValidationFailed
                : reason == AttestationReasons.UntrustedRoot ? TrustClaim.Unrecognized
                : TrustClaim.Untrustworthy;
            warnings.Add($"instance-identity, hardware: contraindicated ({identity.Value}): the identity chain did not verify: {reason}: {chain.Message}");
        }
        else
        {
            identity = TrustClaim.Affirmed;
            hardware = TrustClaim.Affirmed;
            if (chain.Revocation != RevocationStatus.Good)
            {
                identity = hardware = TrustClaim.Warned;
                warnings.Add($"instance-identity, hardware: warning: revocation is {chain.Revocation.ToString().ToLowerInvariant()}; the chain names online revocation that was not checked");
            }

            if (!hardwareRooted)
            {
                identity = hardware = TrustClaim.Warned;
                warnings.Add($"instance-identity, hardware: warning: the chain's root (sha256 {chain.RootSha256}) is not a hardware manufacturer root (a test manufacturer or an unlisted root)");
            }

            if (!measurementsVerified)
            {
                hardware = TrustClaim.Warned;
                warnings.Add("hardware: warning: no verified SPDM measurement evidence; the identity key is not shown to live in the device's hardware");
            }
        }

        var sourced = TrustClaim.NoClaim;
        if (reportsVerified == false)
        {
            sourced = TrustClaim.CryptoValidationFailed;
            warnings.Add("sourced-data: contraindicated (99): a report or reporting-key certificate did not verify");
        }
        else if (reportsVerified == true)
        {
            var worst = (TrustTier)Math.Max((int)identity.Tier, (int)hardware.Tier);
            sourced = worst switch
            {
                TrustTier.Affirming => TrustClaim.Affirmed,
                TrustTier.Warning => TrustClaim.Warned,
                _ => TrustClaim.Untrustworthy,
            };
            if (worst != TrustTier.Affirming)
            {
                warnings.Add($"sourced-data: {worst.ToString().ToLowerInvariant()}: the reports are signed by a key certified by a device whose identity or hardware is {worst.ToString().ToLowerInvariant()}");
            }
        }

        var vector = new TrustworthinessVector(
            identity,
            TrustClaim.NoClaim,
            TrustClaim.NoClaim,
            TrustClaim.NoClaim,
            hardware,
            TrustClaim.NoClaim,
            TrustClaim.NoClaim,
            sourced);
        return new DeviceAppraisal(deviceId, vector, warnings, chain.RootSha256);
    }
}
