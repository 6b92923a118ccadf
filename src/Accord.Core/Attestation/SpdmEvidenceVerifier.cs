// SPDM 1.1 attestation evidence verification (DMTF DSP0274 section 10.11: the MEASUREMENTS
// signature over the request and response, ECDSA P-384 / SHA-384 per SEC1 / X9.62, raw r||s),
// in the order of the NVIDIA nvtrust local verifier: certificate chain (RFC 5280, see
// DeviceChainVerifier), report parsing, request nonce against the verifier's challenge, report
// signature under the leaf key, and the FWID opaque field against the leaf's TcbInfo FWID.
// Reference measurements (RIMs) are not compared here: the measurements are returned.
using System.Security.Cryptography;

namespace Accord.Core.Attestation;

/// <summary>Verifies an NVIDIA SPDM 1.1 attestation report with its device identity chain.</summary>
public static class SpdmEvidenceVerifier
{
    /// <summary>
    /// Verifies <paramref name="report"/>. Steps, in order: chain (as
    /// <see cref="DeviceChainVerifier.Verify"/>, refusing with its reason); parse report
    /// (MALFORMED); request nonce equals <paramref name="expectedNonce"/> (NONCE_MISMATCH);
    /// signature over <see cref="SpdmMeasurementReport.SignedBytes"/> with the leaf key
    /// (BAD_SIGNATURE); FWID opaque field, when present, equals the leaf's TcbInfo FWID
    /// (FWID_MISMATCH). Never throws on bad input.
    /// </summary>
    public static EvidenceResult Verify(
        ReadOnlySpan<byte> report,
        IReadOnlyList<byte[]> chainLeafFirst,
        TrustSnapshot trust,
        ReadOnlySpan<byte> expectedNonce,
        DateTimeOffset at)
    {
        var steps = new List<string>();
        var chain = DeviceChainVerifier.Verify(chainLeafFirst, trust, at);
        if (!chain.Valid)
        {
            steps.Add($"chain: FAILED {chain.Reason} - {chain.Message}");
            return Refuse(chain, steps, chain.Reason!, $"Chain: {chain.Message}");
        }

        steps.Add($"chain: ok - {chain.Message}");

        SpdmMeasurementReport parsed;
        try
        {
            parsed = SpdmMeasurementReport.Parse(report);
        }
        catch (AttestationException e)
        {
            steps.Add($"parse report: FAILED {e.Reason} - {e.Message}");
            return Refuse(chain, steps, e.Reason, e.Message);
        }

        steps.Add($"parse report: ok - SPDM 1.1, {parsed.Measurements.Count} measurement block(s), {parsed.Opaque.Count} opaque field(s), slot {parsed.SlotId}");

        var requestNonce = parsed.RequestNonce;
        if (expectedNonce.Length != requestNonce.Length || !CryptographicOperations.FixedTimeEquals(requestNonce, expectedNonce))
        {
            var message = $"The report's request nonce {Convert.ToHexStringLower(requestNonce)} is not the expected {Convert.ToHexStringLower(expectedNonce)}.";
            steps.Add($"nonce: FAILED {AttestationReasons.NonceMismatch} - {message}");
            return Refuse(chain, steps, AttestationReasons.NonceMismatch, message);
        }

        steps.Add("nonce: ok - request nonce equals the expected challenge");

        var leaf = DeviceCertificate.Parse(chainLeafFirst[0]);
        if (!EcdsaP384.VerifyRaw(leaf.SubjectPublicKeyInfo, parsed.SignedBytes, parsed.Signature))
        {
            var message = $"The report signature does not verify under the key of '{leaf.Subject}' (ECDSA P-384 / SHA-384 over {parsed.SignedBytes.Length} bytes).";
            steps.Add($"signature: FAILED {AttestationReasons.BadSignature} - {message}");
            return Refuse(chain, steps, AttestationReasons.BadSignature, message);
        }

        steps.Add($"signature: ok - ECDSA P-384 / SHA-384 over {parsed.SignedBytes.Length} bytes under the leaf key");

        if (parsed.FindOpaque(OpaqueField.Fwid) is { } fwid)
        {
            if (leaf.Fwid is null || !fwid.Value.AsSpan().SequenceEqual(leaf.Fwid))
            {
                var message = $"The report's FWID {fwid.ValueHex} does not match the leaf certificate's TcbInfo FWID " +
                              $"{(leaf.Fwid is null ? "(absent)" : Convert.ToHexStringLower(leaf.Fwid))}.";
                steps.Add($"fwid: FAILED {AttestationReasons.FwidMismatch} - {message}");
                return Refuse(chain, steps, AttestationReasons.FwidMismatch, message);
            }

            steps.Add("fwid: ok - the report's FWID equals the leaf certificate's TcbInfo FWID");
        }
        else
        {
            steps.Add("fwid: skipped - the report carries no FWID field");
        }

        return new EvidenceResult(
            true,
            null,
            $"Evidence from device {chain.DeviceId} verified: {parsed.Measurements.Count} measurement block(s); revocation {chain.Revocation.ToString().ToLowerInvariant()}.",
            chain.DeviceId,
            chain,
            parsed.Measurements,
            steps)
        {
            Report = parsed,
        };
    }

    private static EvidenceResult Refuse(ChainResult chain, List<string> steps, string reason, string message) =>
        new(false, reason, message, null, chain, [], steps);
}
