// X.509 v3 certificate issuance for test manufacturers (RFC 5280 section 4: basicConstraints,
// keyUsage, subject/authority key identifiers), ECDSA P-384 / SHA-384 signatures (RFC 5758
// section 3.2, SEC1 / X9.62) and P-384 keys kept as PKCS#8 (RFC 5208 / RFC 5958) with the
// namedCurve secp384r1 (RFC 5480), all through BouncyCastle.
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Accord.Core.Attestation;

/// <summary>Key generation, certificate issuance and PKCS#8 for <see cref="TestManufacturer"/> and <see cref="DeviceIdentity"/>.</summary>
internal static class TestCertificates
{
    private static readonly SecureRandom Random = new();

    /// <summary>A fresh EC key pair whose parameters name the curve (secp384r1 unless told otherwise).</summary>
    public static AsymmetricCipherKeyPair NewKeyPair(DerObjectIdentifier? curve = null)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(curve ?? SecObjectIdentifiers.SecP384r1, Random));
        return generator.GenerateKeyPair();
    }

    /// <summary>The public key of a P-384 private key.</summary>
    public static ECPublicKeyParameters PublicOf(ECPrivateKeyParameters key) =>
        new("EC", key.Parameters.G.Multiply(key.D).Normalize(), key.PublicKeyParamSet ?? SecObjectIdentifiers.SecP384r1);

    /// <summary>Issues a certificate signed with ECDSA P-384 / SHA-384 by <paramref name="issuerKey"/>.</summary>
    public static DeviceCertificate Issue(
        X509Name subject,
        ECPublicKeyParameters subjectKey,
        X509Name issuer,
        ECPrivateKeyParameters issuerKey,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        BasicConstraints? basicConstraints,
        int keyUsage,
        IEnumerable<(DerObjectIdentifier Oid, bool Critical, Asn1Encodable Value)>? extraExtensions = null)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(127, Random).Add(BigInteger.One));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(Truncate(notBefore));
        generator.SetNotAfter(Truncate(notAfter));
        generator.SetPublicKey(subjectKey);
        if (basicConstraints is not null)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, basicConstraints);
        }

        if (keyUsage != 0)
        {
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        }

        foreach (var (oid, critical, value) in extraExtensions ?? [])
        {
            generator.AddExtension(oid, critical, value);
        }

        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(subjectKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(PublicOf(issuerKey)));
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA384WITHECDSA", issuerKey, Random));
        return DeviceCertificate.Parse(certificate.GetEncoded());
    }

    /// <summary>A distinguished name with the attributes in this order.</summary>
    public static X509Name Name(params (DerObjectIdentifier Oid, string Value)[] attributes) =>
        new([.. attributes.Select(a => a.Oid)], [.. attributes.Select(a => a.Value)]);

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

    // X.509 times carry whole seconds; truncating keeps notBefore <= the requested instant.
    private static DateTime Truncate(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
