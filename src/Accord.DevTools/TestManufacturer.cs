// A test manufacturer CA issuing X.509 v3 chains (RFC 5280) of the shape real accelerators
// ship, as in the NVIDIA nvtrust sample: root (self-signed, cA, keyCertSign) -> intermediate
// (cA, pathLenConstraint 0, keyCertSign) -> device leaf (subject serialNumber = device id,
// critical keyUsage digitalSignature, no basicConstraints), every key ECDSA P-384, every
// signature ECDSA P-384 / SHA-384 (SEC1 / X9.62, RFC 5758). Keys as PKCS#8 PEM (RFC 5958, RFC 7468).
using System.Text;
using Accord.Core.Attestation;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;

namespace Accord.DevTools;

/// <summary>
/// A manufacturer for tests, simulations and <c>accord ca</c>: a root and an intermediate CA
/// that issue device identities. Not for production trust.
/// </summary>
public sealed class TestManufacturer
{
    /// <summary>Default validity of the root and intermediate: 20 years.</summary>
    public static readonly TimeSpan DefaultCaValidity = TimeSpan.FromDays(20 * 365);

    /// <summary>Default validity of a device certificate: 10 years.</summary>
    public static readonly TimeSpan DefaultDeviceValidity = TimeSpan.FromDays(10 * 365);

    private readonly DeviceCertificate root;
    private readonly ECPrivateKeyParameters rootKey;
    private readonly DeviceCertificate intermediate;
    private readonly ECPrivateKeyParameters intermediateKey;

    private TestManufacturer(string name, DeviceCertificate root, ECPrivateKeyParameters rootKey, DeviceCertificate intermediate, ECPrivateKeyParameters intermediateKey)
    {
        Name = name;
        this.root = root;
        this.rootKey = rootKey;
        this.intermediate = intermediate;
        this.intermediateKey = intermediateKey;
    }

    /// <summary>The manufacturer name (the O attribute of its certificates).</summary>
    public string Name { get; }

    /// <summary>The root certificate, DER: what inspectors trust.</summary>
    public byte[] RootDer => root.Der;

    /// <summary>The intermediate certificate, DER.</summary>
    public byte[] IntermediateDer => intermediate.Der;

    /// <summary>The root certificate.</summary>
    public DeviceCertificate Root => root;

    /// <summary>The intermediate certificate.</summary>
    public DeviceCertificate Intermediate => intermediate;

    internal ECPrivateKeyParameters IntermediateKey => intermediateKey;

    /// <summary>Creates a root "&lt;name&gt; Device Identity Root CA" and an intermediate "&lt;name&gt; Device Identity CA", valid from <paramref name="now"/>.</summary>
    public static TestManufacturer Create(string name, DateTimeOffset now, TimeSpan? validity = null)
    {
        CheckText(name, nameof(name));
        var lifetime = validity ?? DefaultCaValidity;
        var rootPair = TestCertificates.NewKeyPair();
        var intermediatePair = TestCertificates.NewKeyPair();
        var rootName = TestCertificates.Name((X509Name.CN, $"{name} Device Identity Root CA"), (X509Name.O, name));
        var intermediateName = TestCertificates.Name((X509Name.CN, $"{name} Device Identity CA"), (X509Name.O, name));
        var caUsage = KeyUsage.KeyCertSign | KeyUsage.CrlSign;
        var rootKey = (ECPrivateKeyParameters)rootPair.Private;
        var root = TestCertificates.Issue(
            rootName, (ECPublicKeyParameters)rootPair.Public, rootName, rootKey, now, now + lifetime, new BasicConstraints(true), caUsage);
        var intermediate = TestCertificates.Issue(
            intermediateName, (ECPublicKeyParameters)intermediatePair.Public, rootName, rootKey, now, now + lifetime, new BasicConstraints(0), caUsage);
        return new TestManufacturer(name, root, rootKey, intermediate, (ECPrivateKeyParameters)intermediatePair.Private);
    }

    /// <summary>
    /// Issues a device identity: a fresh P-384 key and a leaf "SERIALNUMBER=&lt;serial&gt;, O=&lt;name&gt;,
    /// CN=&lt;name&gt; Device" signed by the intermediate, valid from <paramref name="now"/> for
    /// <paramref name="validity"/> (default 10 years). Knobs for negative tests: a past
    /// <paramref name="now"/> with a short validity gives an expired leaf; <paramref name="leafIsCa"/>
    /// adds basicConstraints cA=true; <paramref name="keyUsage"/> sets the keyUsage bits
    /// (<see cref="DeviceCertificate.DigitalSignatureUsage"/> by default, 0 omits the extension).
    /// </summary>
    /// <exception cref="ArgumentException">The serial number is empty, longer than 64 characters or not PrintableString.</exception>
    public DeviceIdentity IssueDevice(
        string serialNumber,
        DateTimeOffset now,
        TimeSpan? validity = null,
        bool leafIsCa = false,
        int keyUsage = DeviceCertificate.DigitalSignatureUsage)
    {
        CheckSerialNumber(serialNumber);
        var pair = TestCertificates.NewKeyPair();
        var subject = TestCertificates.Name((X509Name.SerialNumber, serialNumber), (X509Name.O, Name), (X509Name.CN, $"{Name} Device"));
        var leaf = TestCertificates.Issue(
            subject,
            (ECPublicKeyParameters)pair.Public,
            intermediate.Structure.Subject,
            intermediateKey,
            now,
            now + (validity ?? DefaultDeviceValidity),
            leafIsCa ? new BasicConstraints(true) : null,
            keyUsage);
        return new DeviceIdentity([leaf, intermediate], (ECPrivateKeyParameters)pair.Private);
    }

    /// <summary>
    /// The root certificate, its PKCS#8 key, the intermediate certificate and its key, as four
    /// PEM blocks in that order. Secret: store it as such.
    /// </summary>
    public string ExportPem()
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text);
        PemBlocks.Write(writer, "CERTIFICATE", root.Der);
        PemBlocks.Write(writer, "PRIVATE KEY", EcPrivateKeys.ToPkcs8(rootKey));
        PemBlocks.Write(writer, "CERTIFICATE", intermediate.Der);
        PemBlocks.Write(writer, "PRIVATE KEY", EcPrivateKeys.ToPkcs8(intermediateKey));
        writer.Flush();
        return text.ToString();
    }

    /// <summary>Reads what <see cref="ExportPem"/> writes, checking that each key belongs to its certificate and the root signs the intermediate.</summary>
    /// <exception cref="AttestationException">MALFORMED with the problem.</exception>
    public static TestManufacturer ImportPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var blocks = PemBlocks.Read(pem);
        string[] expected = ["CERTIFICATE", "PRIVATE KEY", "CERTIFICATE", "PRIVATE KEY"];
        if (blocks.Count != expected.Length || !blocks.Select(b => b.Type).SequenceEqual(expected))
        {
            throw new AttestationException(AttestationReasons.Malformed,
                $"Manufacturer PEM: expected blocks {string.Join(", ", expected)}, found {string.Join(", ", blocks.Select(b => b.Type))}.");
        }

        var root = DeviceCertificate.Parse(blocks[0].Content);
        var rootKey = EcPrivateKeys.FromPkcs8(blocks[1].Content, root, "Manufacturer PEM root");
        var intermediate = DeviceCertificate.Parse(blocks[2].Content);
        var intermediateKey = EcPrivateKeys.FromPkcs8(blocks[3].Content, intermediate, "Manufacturer PEM intermediate");
        if (!intermediate.IsSignedBy(root) || !root.IsCa || !intermediate.IsCa)
        {
            throw new AttestationException(AttestationReasons.Malformed, "Manufacturer PEM: the intermediate is not a CA signed by the root.");
        }

        var names = root.Structure.Subject.GetValueList(X509Name.O);
        return new TestManufacturer(names.Count > 0 ? names[0] : root.Subject, root, rootKey, intermediate, intermediateKey);
    }

    /// <inheritdoc />
    public override string ToString() => $"test manufacturer {Name} (root sha256 {root.Sha256})";

    private static void CheckText(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64 || value.Any(char.IsControl))
        {
            throw new ArgumentException("Must be 1 to 64 characters without control characters.", parameter);
        }
    }

    // X.520 serialNumber is a PrintableString of at most 64 characters (ub-serial-number).
    private static void CheckSerialNumber(string serialNumber)
    {
        const string printable = " '()+,-./:=?";
        if (string.IsNullOrEmpty(serialNumber) || serialNumber.Length > 64 ||
            !serialNumber.All(c => char.IsAsciiLetterOrDigit(c) || printable.Contains(c)))
        {
            throw new ArgumentException("A serial number is 1 to 64 PrintableString characters (letters, digits, space and '()+,-./:=?).", nameof(serialNumber));
        }
    }
}
