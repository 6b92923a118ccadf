// X.509 v3 certificate issuance for test manufacturers (RFC 5280 section 4: basicConstraints,
// keyUsage, subject/authority key identifiers) with ECDSA P-384 / SHA-384 signatures (RFC 5758
// section 3.2, SEC1 / X9.62), through BouncyCastle.
using Accord.Core.Attestation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Accord.DevTools;

/// <summary>Key generation and certificate issuance for <see cref="TestManufacturer"/>.</summary>
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
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(EcPrivateKeys.PublicOf(issuerKey)));
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA384WITHECDSA", issuerKey, Random));
        return DeviceCertificate.Parse(certificate.GetEncoded());
    }

    /// <summary>A distinguished name with the attributes in this order.</summary>
    public static X509Name Name(params (DerObjectIdentifier Oid, string Value)[] attributes) =>
        new([.. attributes.Select(a => a.Oid)], [.. attributes.Select(a => a.Value)]);

    // X.509 times carry whole seconds; truncating keeps notBefore <= the requested instant.
    private static DateTime Truncate(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
