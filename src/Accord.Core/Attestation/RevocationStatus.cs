// Revocation outcome of RFC 5280 section 6.1.3 (a)(3), checked offline against Accord's local
// list; CRL (RFC 5280 section 5) and OCSP (RFC 6960) pointers are reported, not fetched.
namespace Accord.Core.Attestation;

/// <summary>The revocation status of a verified chain.</summary>
public enum RevocationStatus
{
    /// <summary>No certificate is on the local list and none names CRL or OCSP pointers.</summary>
    Good,

    /// <summary>A certificate of the chain or its root is on the local list.</summary>
    Revoked,

    /// <summary>
    /// The local list revokes nothing, but the chain names online revocation (CRL distribution
    /// points or OCSP) that cannot be checked offline; also the value when verification stopped
    /// before the revocation step.
    /// </summary>
    Unknown,
}
