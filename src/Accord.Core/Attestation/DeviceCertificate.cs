// X.509 v3 certificates as RFC 5280 section 4 defines them (strict DER, section 4.1), parsed with
// BouncyCastle: names (section 4.1.2.4/6, the serialNumber attribute OID 2.5.4.5 of X.520),
// validity (4.1.2.5), basicConstraints (4.2.1.9), keyUsage (4.2.1.3), CRL distribution points
// (4.2.1.13) and authority information access (4.2.2.1), plus the TCG DICE TcbInfo extension
// (OID 2.23.133.5.4.1) whose FWID the NVIDIA nvtrust verifier matches against the report.
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Accord.Core.Attestation;

/// <summary>
/// One X.509 certificate of a device identity chain, read-only. <see cref="Parse"/> accepts only
/// a single strict-DER certificate whose inner and outer signature algorithms agree.
/// </summary>
public sealed class DeviceCertificate
{
    /// <summary>keyUsage digitalSignature (RFC 5280 bit 0), as <see cref="KeyUsage"/> holds it.</summary>
    public const int DigitalSignatureUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature;

    /// <summary>keyUsage keyCertSign (RFC 5280 bit 5), as <see cref="KeyUsage"/> holds it.</summary>
    public const int KeyCertSignUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign;

    /// <summary>keyUsage cRLSign (RFC 5280 bit 6), as <see cref="KeyUsage"/> holds it.</summary>
    public const int CrlSignUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign;

    /// <summary>The TCG DICE TcbInfo extension (TCG DICE Attestation Architecture), where NVIDIA puts the FWID.</summary>
    public const string TcgDiceTcbInfoOid = "2.23.133.5.4.1";

    /// <summary>The largest certificate accepted, in bytes (a defensive cap).</summary>
    public const int MaxCertificateBytes = 16 * 1024;

    private static readonly HashSet<string> RecognizedCriticalExtensions =
    [
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
        X509Extensions.SubjectAlternativeName.Id,
        X509Extensions.SubjectKeyIdentifier.Id,
        X509Extensions.AuthorityKeyIdentifier.Id,
        X509Extensions.CertificatePolicies.Id,
        X509Extensions.CrlDistributionPoints.Id,
        X509Extensions.AuthorityInfoAccess.Id,
        TcgDiceTcbInfoOid,
    ];

    private readonly byte[] der;
    private readonly byte[] subjectPublicKeyInfo;

    private DeviceCertificate(byte[] der, X509CertificateStructure structure)
    {
        this.der = der;
        Structure = structure;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(der));
        SubjectName = structure.Subject.GetEncoded(Asn1Encodable.Der);
        IssuerName = structure.Issuer.GetEncoded(Asn1Encodable.Der);
        Subject = structure.Subject.ToString();
        Issuer = structure.Issuer.ToString();
        SerialNumberHex = structure.SerialNumber.Value.ToString(16);
        NotBefore = new DateTimeOffset(DateTime.SpecifyKind(structure.StartDate.ToDateTime(), DateTimeKind.Utc));
        NotAfter = new DateTimeOffset(DateTime.SpecifyKind(structure.EndDate.ToDateTime(), DateTimeKind.Utc));
        subjectPublicKeyInfo = structure.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der);
        SignatureAlgorithmOid = structure.SignatureAlgorithm.Algorithm.Id;

        var serials = structure.Subject.GetValueList(X509Name.SerialNumber);
        SubjectSerialNumber = serials.Count == 1 && !string.IsNullOrEmpty(serials[0]) ? serials[0] : null;

        var extensions = structure.TbsCertificate.Extensions;
        var critical = new List<string>();
        if (extensions is not null)
        {
            foreach (var oid in extensions.ExtensionOids)
            {
                var extension = extensions.GetExtension(oid);
                if (extension.IsCritical)
                {
                    critical.Add(oid.Id);
                }
            }

            if (ExtensionValue(extensions, X509Extensions.BasicConstraints) is { } bc)
            {
                var constraints = BasicConstraints.GetInstance(bc);
                IsCa = constraints.IsCA();
                var length = constraints.PathLenConstraint;
                PathLength = IsCa && length is not null ? (length.BitLength > 31 ? int.MaxValue : length.IntValue) : null;
            }

            if (ExtensionValue(extensions, X509Extensions.KeyUsage) is { } ku)
            {
                KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.GetInstance(ku).IntValue;
            }

            var hasCrl = ExtensionValue(extensions, X509Extensions.CrlDistributionPoints) is { } crl &&
                         CrlDistPoint.GetInstance(crl).GetDistributionPoints().Length > 0;
            var hasOcsp = ExtensionValue(extensions, X509Extensions.AuthorityInfoAccess) is { } aia &&
                          AuthorityInformationAccess.GetInstance(aia).GetAccessDescriptions()
                              .Any(d => X509ObjectIdentifiers.OcspAccessMethod.Equals(d.AccessMethod));
            HasRevocationPointers = hasCrl || hasOcsp;

            var tcbInfo = extensions.GetExtension(new DerObjectIdentifier(TcgDiceTcbInfoOid));
            if (tcbInfo is not null)
            {
                Fwid = FindLastDigest(Asn1Object.FromByteArray(tcbInfo.Value.GetOctets()));
            }
        }

        CriticalExtensionOids = critical;
        UnrecognizedCriticalExtensions = [.. critical.Where(oid => !RecognizedCriticalExtensions.Contains(oid))];
    }

    /// <summary>The certificate as received (DER).</summary>
    public byte[] Der => (byte[])der.Clone();

    /// <summary>Lowercase hex SHA-256 of <see cref="Der"/>: the certificate's id in trust stores and revocation lists.</summary>
    public string Sha256 { get; }

    /// <summary>The subject distinguished name, attributes in encoded order (e.g. "SERIALNUMBER=..,C=US,O=..,CN=..").</summary>
    public string Subject { get; }

    /// <summary>The issuer distinguished name, in the same form as <see cref="Subject"/>.</summary>
    public string Issuer { get; }

    /// <summary>The subject DN serialNumber attribute (OID 2.5.4.5) when there is exactly one: the device id for leaves.</summary>
    public string? SubjectSerialNumber { get; }

    /// <summary>The certificate serial number (not the subject serialNumber), lowercase hex, '-' first if negative.</summary>
    public string SerialNumberHex { get; }

    /// <summary>Start of the validity period (inclusive).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of the validity period (inclusive).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>basicConstraints cA (false when the extension is absent).</summary>
    public bool IsCa { get; }

    /// <summary>basicConstraints pathLenConstraint of a CA; null when absent (unlimited) or not a CA.</summary>
    public int? PathLength { get; }

    /// <summary>
    /// keyUsage bits as BouncyCastle numbers them (<see cref="DigitalSignatureUsage"/> = 0x80,
    /// <see cref="KeyCertSignUsage"/> = 0x04, <see cref="CrlSignUsage"/> = 0x02); null when absent.
    /// </summary>
    public int? KeyUsage { get; }

    /// <summary>The subject public key, DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo => (byte[])subjectPublicKeyInfo.Clone();

    /// <summary>CRL distribution points or an OCSP authority information access are present.</summary>
    public bool HasRevocationPointers { get; }

    /// <summary>The FWID digest in the TCG DICE TcbInfo extension (NVIDIA leaves: 48 bytes, SHA-384); null when absent.</summary>
    public byte[]? Fwid { get; }

    /// <summary>The signature algorithm OID (outer, equal to the TBS one).</summary>
    public string SignatureAlgorithmOid { get; }

    /// <summary>The OIDs of the critical extensions, in order.</summary>
    public IReadOnlyList<string> CriticalExtensionOids { get; }

    /// <summary>Critical extensions this library does not process (RFC 5280 section 6.1.3 refuses them).</summary>
    public IReadOnlyList<string> UnrecognizedCriticalExtensions { get; }

    internal X509CertificateStructure Structure { get; }

    internal byte[] SubjectName { get; }

    internal byte[] IssuerName { get; }

    internal bool IsSelfIssued => SubjectName.AsSpan().SequenceEqual(IssuerName);

    /// <summary>Parses one DER certificate.</summary>
    /// <exception cref="AttestationException">MALFORMED: not a strict-DER X.509 certificate, trailing bytes, or inconsistent algorithms.</exception>
    public static DeviceCertificate Parse(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            throw Malformed("empty input");
        }

        if (der.Length > MaxCertificateBytes)
        {
            throw Malformed($"{der.Length} bytes, more than the {MaxCertificateBytes} allowed");
        }

        if (StrictDer.TryParse(der) is not Asn1Sequence sequence)
        {
            throw Malformed("not a single strict-DER ASN.1 SEQUENCE (BER, trailing bytes or bad encoding)");
        }

        try
        {
            var structure = X509CertificateStructure.GetInstance(sequence);
            if (!structure.SignatureAlgorithm.Equals(structure.TbsCertificate.Signature))
            {
                throw Malformed("the signature algorithm differs from the one inside tbsCertificate (RFC 5280 section 4.1.1.2)");
            }

            return new DeviceCertificate(der.ToArray(), structure);
        }
        catch (AttestationException)
        {
            throw;
        }
        catch (Exception e)
        {
            // BouncyCastle signals a bad structure with many exception types; all mean MALFORMED.
            throw Malformed($"not an X.509 certificate ({e.Message})");
        }
    }

    /// <summary>
    /// Parses every "CERTIFICATE" PEM block (RFC 7468) in order; text outside the blocks is
    /// ignored, any other block type is refused. An input without blocks gives an empty list.
    /// </summary>
    /// <exception cref="AttestationException">MALFORMED: bad base64, a non-certificate block, or a malformed certificate.</exception>
    public static IReadOnlyList<DeviceCertificate> ParsePemChain(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var certificates = new List<DeviceCertificate>();
        foreach (var block in PemBlocks.Read(pem))
        {
            if (block.Type != "CERTIFICATE")
            {
                throw new AttestationException(AttestationReasons.Malformed, $"PEM block {certificates.Count + 1} is '{block.Type}', not CERTIFICATE.");
            }

            try
            {
                certificates.Add(Parse(block.Content));
            }
            catch (AttestationException e)
            {
                throw new AttestationException(e.Reason, $"PEM certificate {certificates.Count + 1}: {e.Message}");
            }
        }

        return certificates;
    }

    /// <summary>Whether this certificate's signature verifies under <paramref name="issuer"/>'s key (ECDSA P-384 / SHA-384 only).</summary>
    internal bool IsSignedBy(DeviceCertificate issuer)
    {
        // A signature BIT STRING with unused bits holds no DER ECDSA-Sig-Value (GetOctets would throw).
        if (SignatureAlgorithmOid != X9ObjectIdentifiers.ECDsaWithSha384.Id || Structure.SignatureAlgorithm.Parameters is not null
            || Structure.Signature.PadBits != 0)
        {
            return false;
        }

        var key = EcdsaP384.TryParsePublicKey(issuer.Structure.SubjectPublicKeyInfo);
        return key is not null &&
               EcdsaP384.TryDecodeDerSignature(Structure.Signature.GetOctets(), out var r, out var s) &&
               EcdsaP384.Verify(key, Structure.TbsCertificate.GetEncoded(Asn1Encodable.Der), r, s);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Subject} (sha256 {Sha256})";

    private static AttestationException Malformed(string problem) =>
        new(AttestationReasons.Malformed, $"Certificate: {problem}.");

    private static Asn1Object? ExtensionValue(X509Extensions extensions, DerObjectIdentifier oid)
    {
        var extension = extensions.GetExtension(oid);
        if (extension is null)
        {
            return null;
        }

        return StrictDer.TryParse(extension.Value.GetOctets()) ??
               throw Malformed($"extension {oid.Id} is not strict DER");
    }

    // The FWID is the digest of the last { hashAlgorithm OID, OCTET STRING } pair in the TcbInfo
    // value (DiceTcbInfo fwids, or NVIDIA's { version, SPKI, { sha384, digest } } layout).
    private static byte[]? FindLastDigest(Asn1Object node)
    {
        byte[]? found = null;
        switch (node)
        {
            case Asn1Sequence { Count: 2 } pair when pair[0] is DerObjectIdentifier oid && pair[1] is Asn1OctetString digest && IsHash(oid):
                return digest.GetOctets();
            case Asn1Sequence sequence:
                foreach (var element in sequence)
                {
                    found = FindLastDigest(element.ToAsn1Object()) ?? found;
                }

                return found;
            case Asn1TaggedObject tagged when tagged.IsExplicit():
                return FindLastDigest(tagged.GetExplicitBaseObject().ToAsn1Object());
            case Asn1TaggedObject tagged:
                try
                {
                    return FindLastDigest(Asn1Sequence.GetInstance(tagged, false));
                }
                catch (ArgumentException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    private static bool IsHash(DerObjectIdentifier oid) =>
        oid.Equals(NistObjectIdentifiers.IdSha256) || oid.Equals(NistObjectIdentifiers.IdSha384) || oid.Equals(NistObjectIdentifiers.IdSha512);
}
