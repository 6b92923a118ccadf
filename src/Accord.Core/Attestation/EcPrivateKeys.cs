// P-384 private keys kept as PKCS#8 (RFC 5208 / RFC 5958) with the namedCurve secp384r1 (RFC 5480),
// through BouncyCastle.
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Accord.Core.Attestation;

/// <summary>P-384 private keys: their public half and their PKCS#8 encoding, for <see cref="DeviceIdentity"/> and any CA that keeps its keys as PEM.</summary>
public static class EcPrivateKeys
{
    /// <summary>The public key of a P-384 private key.</summary>
    public static ECPublicKeyParameters PublicOf(ECPrivateKeyParameters key) =>
        new("EC", key.Parameters.G.Multiply(key.D).Normalize(), key.PublicKeyParamSet ?? SecObjectIdentifiers.SecP384r1);

    /// <summary>PKCS#8 DER of a P-384 private key.</summary>
    public static byte[] ToPkcs8(ECPrivateKeyParameters key) => PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetEncoded(Asn1Encodable.Der);

    /// <summary>Reads a PKCS#8 P-384 private key and checks that it belongs to <paramref name="certificate"/>.</summary>
    /// <exception cref="AttestationException">MALFORMED: not PKCS#8, not P-384, or not the certificate's key.</exception>
    public static ECPrivateKeyParameters FromPkcs8(byte[] pkcs8, DeviceCertificate certificate, string what)
    {
        ECPrivateKeyParameters key;
        try
        {
            key = PrivateKeyFactory.CreateKey(pkcs8) as ECPrivateKeyParameters
                  ?? throw new AttestationException(AttestationReasons.Malformed, $"{what}: the private key is not an EC key.");
        }
        catch (Exception e) when (e is not AttestationException)
        {
            throw new AttestationException(AttestationReasons.Malformed, $"{what}: the private key is not PKCS#8 ({e.GetType().Name}).");
        }

        if (!SecObjectIdentifiers.SecP384r1.Equals(key.PublicKeyParamSet))
        {
            throw new AttestationException(AttestationReasons.Malformed, $"{what}: the private key is not on P-384.");
        }

        var expected = EcdsaP384.TryParsePublicKey(certificate.SubjectPublicKeyInfo);
        if (expected is null || !expected.Q.Equals(PublicOf(key).Q))
        {
            throw new AttestationException(AttestationReasons.Malformed, $"{what}: the private key does not belong to '{certificate.Subject}'.");
        }

        return key;
    }
}
