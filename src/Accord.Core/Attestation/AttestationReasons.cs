// Stable refusal codes of device attestation: RFC 5280 section 6 path validation outcomes,
// DMTF DSP0274 SPDM 1.1 evidence checks and the NVIDIA nvtrust local verifier's checks.
// docs/attestation.md, "Refusal reasons", explains each one.
namespace Accord.Core.Attestation;

/// <summary>
/// The reason codes that <see cref="ChainResult.Reason"/>, <see cref="EvidenceResult.Reason"/>
/// and <see cref="AttestationException.Reason"/> carry. They are part of the public contract:
/// never renamed, only added to.
/// </summary>
public static class AttestationReasons
{
    /// <summary>A certificate or the report cannot be parsed, is not DER, or breaks the layout.</summary>
    public const string Malformed = "MALFORMED";

    /// <summary>No certificates were given.</summary>
    public const string EmptyChain = "EMPTY_CHAIN";

    /// <summary>A certificate's issuer name is not the next certificate's subject name.</summary>
    public const string BrokenChain = "BROKEN_CHAIN";

    /// <summary>A certificate's signature does not verify under its issuer's key, or the report's under the leaf key.</summary>
    public const string BadSignature = "BAD_SIGNATURE";

    /// <summary>A key or signature algorithm other than ECDSA P-384 with SHA-384.</summary>
    public const string UnsupportedAlgorithm = "UNSUPPORTED_ALGORITHM";

    /// <summary>The chain does not end at (or under) a trusted root.</summary>
    public const string UntrustedRoot = "UNTRUSTED_ROOT";

    /// <summary>A certificate's notAfter is before the verification time.</summary>
    public const string Expired = "EXPIRED";

    /// <summary>A certificate's notBefore is after the verification time.</summary>
    public const string NotYetValid = "NOT_YET_VALID";

    /// <summary>An issuing certificate is not a CA (basicConstraints cA), or the leaf is one.</summary>
    public const string NotACa = "NOT_A_CA";

    /// <summary>A CA's pathLenConstraint is exceeded by the intermediates below it.</summary>
    public const string PathLength = "PATH_LENGTH";

    /// <summary>A CA lacks keyCertSign, or the leaf lacks digitalSignature.</summary>
    public const string KeyUsage = "KEY_USAGE";

    /// <summary>A certificate carries a critical extension the verifier does not process.</summary>
    public const string UnknownCriticalExtension = "UNKNOWN_CRITICAL_EXTENSION";

    /// <summary>A certificate of the chain (or its root) is on the local revocation list.</summary>
    public const string Revoked = "REVOKED";

    /// <summary>The leaf has no subject serialNumber (OID 2.5.4.5), so no device id.</summary>
    public const string NoDeviceId = "NO_DEVICE_ID";

    /// <summary>The report's request nonce is not the expected challenge.</summary>
    public const string NonceMismatch = "NONCE_MISMATCH";

    /// <summary>The report's FWID opaque field differs from the FWID in the leaf certificate (nvtrust check).</summary>
    public const string FwidMismatch = "FWID_MISMATCH";
}
