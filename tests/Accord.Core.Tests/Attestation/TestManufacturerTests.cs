// TestManufacturer and DeviceIdentity: RFC 5280 chains of the NVIDIA shape, RFC 7468 PEM with
// PKCS#8 keys (RFC 5958), ECDSA P-384 / SHA-384 signatures (SEC1 / X9.62) in DER and raw form.
using Accord.Core.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Attestation;

public sealed class TestManufacturerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<TestManufacturer> Maker = new(() => TestManufacturer.Create("Acme", Now.AddDays(-30)));

    [Fact]
    public void Create_Manufacturer_RootAndIntermediateHaveTheNvidiaShape()
    {
        // Arrange
        var maker = Maker.Value;

        // Act
        var root = DeviceCertificate.Parse(maker.RootDer);
        var intermediate = DeviceCertificate.Parse(maker.IntermediateDer);

        // Assert
        Assert.True(root.IsCa);
        Assert.Null(root.PathLength);
        Assert.Equal(root.Subject, root.Issuer);
        Assert.True(intermediate.IsCa);
        Assert.Equal(0, intermediate.PathLength);
        Assert.Equal(root.Subject, intermediate.Issuer);
        Assert.Equal(DeviceCertificate.KeyCertSignUsage | DeviceCertificate.CrlSignUsage, intermediate.KeyUsage);
        Assert.Equal(["2.5.29.19", "2.5.29.15"], intermediate.CriticalExtensionOids);
        Assert.Equal("1.2.840.10045.4.3.3", intermediate.SignatureAlgorithmOid);
    }

    [Fact]
    public void IssueDevice_Leaf_HasSerialNumberDigitalSignatureAndNoBasicConstraints()
    {
        // Arrange
        var maker = Maker.Value;

        // Act
        var device = maker.IssueDevice("ACME-42", Now);
        var leaf = DeviceCertificate.Parse(device.ChainDer[0]);

        // Assert
        Assert.Equal("ACME-42", device.DeviceId);
        Assert.Equal("ACME-42", leaf.SubjectSerialNumber);
        Assert.StartsWith("SERIALNUMBER=ACME-42,", leaf.Subject, StringComparison.Ordinal);
        Assert.False(leaf.IsCa);
        Assert.Equal(DeviceCertificate.DigitalSignatureUsage, leaf.KeyUsage);
        Assert.Equal(maker.IntermediateDer, device.ChainDer[1]);
        Assert.Equal(Now.AddTicks(-(Now.Ticks % TimeSpan.TicksPerSecond)), leaf.NotBefore);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has_underscore")]
    [InlineData("ümlaut")]
    public void IssueDevice_NonPrintableSerialNumber_Throws(string serial)
    {
        // Arrange
        var maker = Maker.Value;

        // Act + Assert
        Assert.Throws<ArgumentException>(() => maker.IssueDevice(serial, Now));
    }

    [Fact]
    public void ExportPem_ImportPem_RoundTripsAndIssuesVerifiableDevices()
    {
        // Arrange
        var pem = Maker.Value.ExportPem();

        // Act
        var imported = TestManufacturer.ImportPem(pem);
        var device = imported.IssueDevice("ACME-IMPORTED", Now.AddDays(-1));
        var result = DeviceChainVerifier.Verify(device.ChainDer, TrustSnapshot.Of([Maker.Value.RootDer]), Now);

        // Assert
        Assert.Equal("Acme", imported.Name);
        Assert.Equal(Maker.Value.RootDer, imported.RootDer);
        Assert.Equal(Maker.Value.IntermediateDer, imported.IntermediateDer);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(4, pem.Split("-----BEGIN ").Length - 1);
    }

    [Fact]
    public void ImportPem_KeysSwapped_RefusedMalformed()
    {
        // Arrange
        var blocks = Maker.Value.ExportPem().Split("-----BEGIN ", StringSplitOptions.RemoveEmptyEntries);
        var swapped = "-----BEGIN " + blocks[0] + "-----BEGIN " + blocks[3] + "-----BEGIN " + blocks[2] + "-----BEGIN " + blocks[1];

        // Act
        var e = Assert.Throws<AttestationException>(() => TestManufacturer.ImportPem(swapped));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
        Assert.Contains("does not belong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceIdentity_ExportPemImportPem_KeepsChainAndKey()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-PEM", Now);
        var message = "statement"u8.ToArray();

        // Act
        var imported = DeviceIdentity.ImportPem(device.ExportPem());
        var signature = imported.SignDer(message);

        // Assert
        Assert.Equal(device.DeviceId, imported.DeviceId);
        Assert.Equal(device.ChainDer, imported.ChainDer);
        Assert.True(EcdsaP384.VerifyDer(device.Leaf.SubjectPublicKeyInfo, message, signature));
        Assert.DoesNotContain("PRIVATE", imported.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceIdentity_ImportPemWithAnotherDevicesKey_RefusedMalformed()
    {
        // Arrange
        var a = Maker.Value.IssueDevice("ACME-A", Now).ExportPem();
        var b = Maker.Value.IssueDevice("ACME-B", Now).ExportPem();
        var keyOfB = b[b.IndexOf("-----BEGIN PRIVATE KEY", StringComparison.Ordinal)..];
        var mixed = a[..a.IndexOf("-----BEGIN PRIVATE KEY", StringComparison.Ordinal)] + keyOfB;

        // Act
        var e = Assert.Throws<AttestationException>(() => DeviceIdentity.ImportPem(mixed));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }

    [Fact]
    public void SignDer_And_SignRaw_VerifyAndAreDeterministic()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("ACME-SIGN", Now);
        var message = "reporting key statement"u8.ToArray();
        var spki = device.Leaf.SubjectPublicKeyInfo;

        // Act
        var der = device.SignDer(message);
        var raw = device.SignRaw(message);

        // Assert
        Assert.True(EcdsaP384.VerifyDer(spki, message, der));
        Assert.True(EcdsaP384.VerifyRaw(spki, message, raw));
        Assert.Equal(96, raw.Length);
        Assert.Equal(der, device.SignDer(message));
        Assert.False(EcdsaP384.VerifyDer(spki, "other"u8, der));
        Assert.False(EcdsaP384.VerifyRaw(spki, message, der));
        Assert.False(EcdsaP384.VerifyDer(spki, message, raw));
    }
}
