// Device attestation errors (RFC 5280 certificate parsing, DMTF DSP0274 SPDM 1.1 message
// parsing): a stable reason code from AttestationReasons and a precise message in words.
namespace Accord.Core.Attestation;

/// <summary>
/// Attestation evidence or a certificate could not be read. <see cref="Reason"/> is one of the
/// stable codes in <see cref="AttestationReasons"/> (usually <see cref="AttestationReasons.Malformed"/>);
/// the message says where and why, never key material.
/// </summary>
public sealed class AttestationException(string reason, string message) : Exception(message)
{
    /// <summary>The stable reason code (see <see cref="AttestationReasons"/>).</summary>
    public string Reason { get; } = reason;
}
