// A device's identity: its X.509 chain (RFC 5280; leaf first, without the root) and its
// ECDSA P-384 identity key (SEC1 / X9.62, signatures DER per RFC 3279 or raw r||s per DMTF
// DSP0274 SPDM 1.1), exported as RFC 7468 PEM with the key as PKCS#8 (RFC 5958).
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;

namespace Accord.Core.Attestation;

/// <summary>
/// A (simulated) device identity key and certificate chain, leaf first, without the root.
/// The private key never leaves except through <see cref="ExportPem"/>; <see cref="ToString"/>
/// shows no key material.
/// </summary>
public sealed class DeviceIdentity
{
    private readonly IReadOnlyList<DeviceCertificate> chain;

    internal DeviceIdentity(IReadOnlyList<DeviceCertificate> chain, ECPrivateKeyParameters key)
    {
        this.chain = chain;
        PrivateKey = key;
        DeviceId = chain[0].SubjectSerialNumber
                   ?? throw new AttestationException(AttestationReasons.NoDeviceId, $"The leaf '{chain[0].Subject}' has no subject serialNumber.");
    }

    /// <summary>The device id: the leaf certificate's subject serialNumber.</summary>
    public string DeviceId { get; }

    /// <summary>The chain, DER, leaf first, without the root.</summary>
    public IReadOnlyList<byte[]> ChainDer => [.. chain.Select(c => c.Der)];

    /// <summary>The leaf certificate.</summary>
    public DeviceCertificate Leaf => chain[0];

    internal ECPrivateKeyParameters PrivateKey { get; }

    /// <summary>Signs SHA-384 of <paramref name="message"/> with the identity key; DER ECDSA-Sig-Value (deterministic, RFC 6979).</summary>
    public byte[] SignDer(ReadOnlySpan<byte> message)
    {
        var (r, s) = EcdsaP384.Sign(PrivateKey, message);
        return EcdsaP384.EncodeDer(r, s);
    }

    /// <summary>Signs SHA-384 of <paramref name="message"/> with the identity key; raw r||s, 96 bytes (the SPDM form).</summary>
    public byte[] SignRaw(ReadOnlySpan<byte> message)
    {
        var (r, s) = EcdsaP384.Sign(PrivateKey, message);
        return EcdsaP384.EncodeRaw(r, s);
    }

    /// <summary>
    /// As <see cref="SignRaw(ReadOnlySpan{byte})"/>, for an array, so that the method group fits
    /// <see cref="SpdmMeasurementReport.Build"/>'s <c>Func&lt;byte[], byte[]&gt;</c>.
    /// </summary>
    public byte[] SignRaw(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SignRaw(message.AsSpan());
    }

    /// <summary>The chain as CERTIFICATE blocks (leaf first), then the key as a PRIVATE KEY block (PKCS#8). Secret: store it as such.</summary>
    public string ExportPem()
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text);
        foreach (var certificate in chain)
        {
            PemBlocks.Write(writer, "CERTIFICATE", certificate.Der);
        }

        PemBlocks.Write(writer, "PRIVATE KEY", EcPrivateKeys.ToPkcs8(PrivateKey));
        writer.Flush();
        return text.ToString();
    }

    /// <summary>Reads what <see cref="ExportPem"/> writes: one or more certificates, leaf first, and exactly one PKCS#8 key, the leaf's.</summary>
    /// <exception cref="AttestationException">MALFORMED (or NO_DEVICE_ID) with the problem.</exception>
    public static DeviceIdentity ImportPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var certificates = new List<DeviceCertificate>();
        byte[]? key = null;
        foreach (var (type, content) in PemBlocks.Read(pem))
        {
            switch (type)
            {
                case "CERTIFICATE" when key is null:
                    certificates.Add(DeviceCertificate.Parse(content));
                    break;
                case "PRIVATE KEY" when key is null:
                    key = content;
                    break;
                default:
                    throw new AttestationException(AttestationReasons.Malformed, $"Device identity PEM: unexpected '{type}' block (certificates first, then one PRIVATE KEY).");
            }
        }

        if (certificates.Count == 0 || key is null)
        {
            throw new AttestationException(AttestationReasons.Malformed, "Device identity PEM: needs at least one CERTIFICATE and one PRIVATE KEY.");
        }

        return new DeviceIdentity(certificates, EcPrivateKeys.FromPkcs8(key, certificates[0], "Device identity PEM"));
    }

    /// <inheritdoc />
    public override string ToString() => $"device {DeviceId} ({chain.Count} certificate(s))";
}
