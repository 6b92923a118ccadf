// Device identity keys: ECDSA P-384 with SHA-384 (FIPS 186-5, RFC 5758), signatures DER-encoded as
// Ecdsa-Sig-Value (RFC 3279 section 2.2.3), the form X.509 verifiers expect.
namespace Accord.Agent;

/// <summary>
/// The device's identity key: the key certified by the device's X.509 identity chain. The agent uses it
/// only to certify each boot epoch's reporting key (<see cref="Keys.ReportingKeyCertificates"/>); the
/// private half never leaves the implementation.
/// </summary>
public interface IDeviceIdentity
{
    /// <summary>The device id: the identity certificate's subject serial number.</summary>
    string DeviceId { get; }

    /// <summary>
    /// Signs <paramref name="message"/> with ECDSA P-384 over SHA-384 and returns the DER-encoded
    /// signature (RFC 3279 Ecdsa-Sig-Value).
    /// </summary>
    byte[] SignDer(ReadOnlySpan<byte> message);
}
