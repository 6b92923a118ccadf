// RFC 5280 section 6.1 path validation of TestManufacturer chains (root -> intermediate ->
// device leaf, ECDSA P-384 / SHA-384): each refusal reason produced by a real certificate.
using Accord.Core.Attestation;
using Accord.DevTools;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Accord.Core.Tests.Attestation;

public sealed class DeviceChainVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<TestManufacturer> Maker = new(() => TestManufacturer.Create("Acme", Now.AddDays(-30)));

    private static TrustSnapshot Trust(params string[] revoked) => TrustSnapshot.Of([Maker.Value.RootDer], revoked);

    [Fact]
    public void Verify_IssuedDeviceChain_IsValidWithGoodRevocation()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-0001", Now.AddDays(-1));

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Equal("ACME-0001", result.DeviceId);
        Assert.Equal(device.DeviceId, result.DeviceId);
        Assert.Equal(Maker.Value.Root.Sha256, result.RootSha256);
        Assert.Equal(RevocationStatus.Good, result.Revocation);
        Assert.Equal(2, device.ChainDer.Count);
    }

    [Fact]
    public void Verify_IssuedDeviceChainWithRootAppended_IsValidByDerEquality()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-0002", Now.AddDays(-1));
        List<byte[]> chain = [.. device.ChainDer, Maker.Value.RootDer];

        // Act
        var result = DeviceChainVerifier.Verify(chain, Trust(), Now);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Contains("by DER equality", result.Steps[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RootRepeatedAtTheEnd_RefusedBrokenChain()
    {
        // Arrange: found by the property tests (tests/Accord.PropertyTests): the root twice passed every link.
        var device = Maker.Value.IssueDevice("ACME-0003", Now.AddDays(-1));
        List<byte[]> chain = [.. device.ChainDer, Maker.Value.RootDer, Maker.Value.RootDer];

        // Act
        var result = DeviceChainVerifier.Verify(chain, Trust(), Now);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.BrokenChain, result.Reason);
    }

    [Fact]
    public void Verify_EmptyChain_RefusedEmptyChain()
    {
        // Arrange
        List<byte[]> chain = [];

        // Act
        var result = DeviceChainVerifier.Verify(chain, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.EmptyChain, result.Reason);
    }

    [Fact]
    public void Verify_GarbageCertificate_RefusedMalformed()
    {
        // Arrange
        List<byte[]> chain = [[0x01, 0x02, 0x03]];

        // Act
        var result = DeviceChainVerifier.Verify(chain, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.Malformed, result.Reason);
    }

    [Fact]
    public void Verify_ExpiredLeaf_RefusedExpired()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-OLD", Now.AddDays(-20), TimeSpan.FromDays(10));

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.Expired, result.Reason);
        Assert.Null(result.DeviceId);
    }

    [Fact]
    public void Verify_LeafFromTheFuture_RefusedNotYetValid()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-NEW", Now.AddDays(1));

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.NotYetValid, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithKeyCertSignOnly_RefusedKeyUsage()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-KU", Now.AddDays(-1), keyUsage: DeviceCertificate.KeyCertSignUsage);

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.KeyUsage, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithoutKeyUsage_RefusedKeyUsage()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-NOKU", Now.AddDays(-1), keyUsage: 0);

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.KeyUsage, result.Reason);
    }

    [Fact]
    public void Verify_LeafThatIsACa_RefusedNotACa()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-CA", Now.AddDays(-1), leafIsCa: true);

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.NotACa, result.Reason);
    }

    [Fact]
    public void Verify_CertificateIssuedByANonCaLeaf_RefusedNotACa()
    {
        // Arrange: a device leaf (cA absent) used to sign another certificate.
        var device = Maker.Value.IssueDevice("ACME-ISSUER", Now.AddDays(-1), keyUsage: DeviceCertificate.DigitalSignatureUsage | DeviceCertificate.KeyCertSignUsage);
        var sub = IssueUnder(device, "ACME-SUB");

        // Act
        var result = DeviceChainVerifier.Verify([sub.Der, .. device.ChainDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.NotACa, result.Reason);
    }

    [Fact]
    public void Verify_CaLeafBelowPathLenZeroIntermediate_RefusedPathLength()
    {
        // Arrange: the intermediate has pathLenConstraint 0, so no CA may sit between it and the leaf.
        var device = Maker.Value.IssueDevice("ACME-SUBCA", Now.AddDays(-1), leafIsCa: true, keyUsage: DeviceCertificate.KeyCertSignUsage);
        var sub = IssueUnder(device, "ACME-SUB2");

        // Act
        var result = DeviceChainVerifier.Verify([sub.Der, .. device.ChainDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.PathLength, result.Reason);
    }

    [Fact]
    public void Verify_IntermediateRevokedByLocalList_RefusedRevoked()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-REV", Now.AddDays(-1));

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(Maker.Value.Intermediate.Sha256), Now);

        // Assert
        Assert.Equal(AttestationReasons.Revoked, result.Reason);
        Assert.Equal(RevocationStatus.Revoked, result.Revocation);
    }

    [Fact]
    public void Verify_RootRevokedByLocalList_RefusedRevoked()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-REVROOT", Now.AddDays(-1));

        var trust = new TrustSnapshot([Maker.Value.RootDer], new HashSet<string> { Maker.Value.Root.Sha256.ToUpperInvariant() });

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, trust, Now);

        // Assert
        Assert.Equal(AttestationReasons.Revoked, result.Reason);
    }

    [Fact]
    public void Verify_ChainOfAnotherManufacturer_RefusedUntrustedRoot()
    {
        // Arrange
        var other = TestManufacturer.Create("Acme", Now.AddDays(-30));
        var device = other.IssueDevice("ACME-0001", Now.AddDays(-1));

        // Act: same names, different keys.
        var result = DeviceChainVerifier.Verify(device.ChainDer, Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.UntrustedRoot, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithoutIntermediate_RefusedUntrustedRoot()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-ALONE", Now.AddDays(-1));

        // Act
        var result = DeviceChainVerifier.Verify([device.ChainDer[0]], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.UntrustedRoot, result.Reason);
    }

    [Fact]
    public void Verify_LeafSignedByImpostorWithTheIntermediateName_RefusedBadSignature()
    {
        // Arrange: an impostor manufacturer with identical names issues a leaf; pair it with the genuine intermediate.
        var impostor = TestManufacturer.Create("Acme", Now.AddDays(-30));
        var forged = impostor.IssueDevice("ACME-0001", Now.AddDays(-1));

        // Act
        var result = DeviceChainVerifier.Verify([forged.ChainDer[0], Maker.Value.IntermediateDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.BadSignature, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithFlippedSignatureBit_RefusedBadSignature()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-FLIP", Now.AddDays(-1));
        var leaf = device.ChainDer[0];
        leaf[^5] ^= 0x01;

        // Act
        var result = DeviceChainVerifier.Verify([leaf, device.ChainDer[1]], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.BadSignature, result.Reason);
    }

    [Fact]
    public void Verify_ReversedChain_RefusedBrokenChain()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-REVERSE", Now.AddDays(-1));

        // Act
        var result = DeviceChainVerifier.Verify([device.ChainDer[1], device.ChainDer[0]], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.BrokenChain, result.Reason);
    }

    [Fact]
    public void Verify_UnreadableTrustedRoot_IsIgnoredAndNamedInSteps()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-0003", Now.AddDays(-1));
        var trust = TrustSnapshot.Of([[0x00], Maker.Value.RootDer]);

        // Act
        var result = DeviceChainVerifier.Verify(device.ChainDer, trust, Now);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Contains("1 unreadable trusted root(s) ignored", result.Steps[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LeafWithoutSubjectSerialNumber_RefusedNoDeviceId()
    {
        // Arrange
        var leaf = IssueLeaf(TestCertificates.Name((X509Name.CN, "no serial"), (X509Name.O, "Acme")));

        // Act
        var result = DeviceChainVerifier.Verify([leaf.Der, Maker.Value.IntermediateDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.NoDeviceId, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithTwoSubjectSerialNumbers_RefusedNoDeviceId()
    {
        // Arrange
        var leaf = IssueLeaf(TestCertificates.Name((X509Name.SerialNumber, "A"), (X509Name.SerialNumber, "B"), (X509Name.CN, "two")));

        // Act
        var result = DeviceChainVerifier.Verify([leaf.Der, Maker.Value.IntermediateDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.NoDeviceId, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithP256Key_RefusedUnsupportedAlgorithm()
    {
        // Arrange
        var p256 = TestCertificates.NewKeyPair(SecObjectIdentifiers.SecP256r1);
        var leaf = IssueLeaf(TestCertificates.Name((X509Name.SerialNumber, "P256"), (X509Name.CN, "p256")), (ECPublicKeyParameters)p256.Public);

        // Act
        var result = DeviceChainVerifier.Verify([leaf.Der, Maker.Value.IntermediateDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.UnsupportedAlgorithm, result.Reason);
    }

    [Fact]
    public void Verify_IssuerWithP256KeySigningWithSha256_RefusedUnsupportedAlgorithm()
    {
        // Arrange: a whole P-256 / SHA-256 manufacturer, root trusted.
        var rootPair = TestCertificates.NewKeyPair(SecObjectIdentifiers.SecP256r1);
        var rootName = TestCertificates.Name((X509Name.CN, "P-256 Root"));
        var root = IssueWith("SHA256WITHECDSA", rootName, (ECPublicKeyParameters)rootPair.Public, rootName, (ECPrivateKeyParameters)rootPair.Private, new BasicConstraints(true), KeyUsage.KeyCertSign);
        var leafPair = TestCertificates.NewKeyPair(SecObjectIdentifiers.SecP256r1);
        var leaf = IssueWith(
            "SHA256WITHECDSA",
            TestCertificates.Name((X509Name.SerialNumber, "P256-LEAF")),
            (ECPublicKeyParameters)leafPair.Public,
            rootName,
            (ECPrivateKeyParameters)rootPair.Private,
            null,
            KeyUsage.DigitalSignature);

        // Act
        var result = DeviceChainVerifier.Verify([leaf], TrustSnapshot.Of([root]), Now);

        // Assert
        Assert.Equal(AttestationReasons.UnsupportedAlgorithm, result.Reason);
    }

    [Fact]
    public void Verify_LeafWithUnknownCriticalExtension_RefusedUnknownCriticalExtension()
    {
        // Arrange
        var leaf = IssueLeaf(
            TestCertificates.Name((X509Name.SerialNumber, "CRIT-1"), (X509Name.CN, "crit")),
            extra: [(new DerObjectIdentifier("1.3.6.1.4.1.55555.1"), true, new DerUtf8String("must understand"))]);

        // Act
        var result = DeviceChainVerifier.Verify([leaf.Der, Maker.Value.IntermediateDer], Trust(), Now);

        // Assert
        Assert.Equal(AttestationReasons.UnknownCriticalExtension, result.Reason);
        Assert.Contains("1.3.6.1.4.1.55555.1", result.Message, StringComparison.Ordinal);
    }

    private static DeviceCertificate IssueLeaf(
        X509Name subject,
        ECPublicKeyParameters? key = null,
        IEnumerable<(DerObjectIdentifier, bool, Asn1Encodable)>? extra = null) =>
        TestCertificates.Issue(
            subject,
            key ?? (ECPublicKeyParameters)TestCertificates.NewKeyPair().Public,
            Maker.Value.Intermediate.Structure.Subject,
            Maker.Value.IntermediateKey,
            Now.AddDays(-1),
            Now.AddDays(100),
            null,
            DeviceCertificate.DigitalSignatureUsage,
            extra);

    private static byte[] IssueWith(
        string algorithm, X509Name subject, ECPublicKeyParameters subjectKey, X509Name issuer, ECPrivateKeyParameters issuerKey, BasicConstraints? bc, int keyUsage)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.One);
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(Now.AddDays(-1).UtcDateTime);
        generator.SetNotAfter(Now.AddDays(100).UtcDateTime);
        generator.SetPublicKey(subjectKey);
        if (bc is not null)
        {
            generator.AddExtension(X509Extensions.BasicConstraints, true, bc);
        }

        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        return generator.Generate(new Asn1SignatureFactory(algorithm, issuerKey)).GetEncoded();
    }

    private static DeviceCertificate IssueUnder(DeviceIdentity issuer, string serial)
    {
        var key = TestCertificates.NewKeyPair();
        return TestCertificates.Issue(
            TestCertificates.Name((X509Name.SerialNumber, serial), (X509Name.CN, "sub")),
            (ECPublicKeyParameters)key.Public,
            issuer.Leaf.Structure.Subject,
            issuer.PrivateKey,
            Now.AddDays(-1),
            Now.AddDays(100),
            null,
            DeviceCertificate.DigitalSignatureUsage);
    }
}
