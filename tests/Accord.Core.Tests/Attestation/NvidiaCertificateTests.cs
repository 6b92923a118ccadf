// RFC 5280 certificate fields of the NVIDIA H100 sample chain (nvtrust), parsed with BouncyCastle.
using Accord.Core.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Attestation;

public sealed class NvidiaCertificateTests
{
    [Fact]
    public void ParsePemChain_NvidiaSample_FiveCertificatesLeafFirst()
    {
        // Arrange
        var chain = NvidiaSample.Chain;

        // Act
        var subjects = chain.Select(c => c.Subject).ToList();

        // Assert
        Assert.Equal(5, chain.Count);
        Assert.Contains("CN=GH100 A01 GSP FMC LF", subjects[0], StringComparison.Ordinal);
        Assert.Contains("CN=NVIDIA Device Identity CA", subjects[4], StringComparison.Ordinal);
        Assert.Equal(NvidiaSample.Root.Sha256, chain[4].Sha256);
    }

    [Fact]
    public void Parse_NvidiaLeaf_ExposesDeviceIdKeyUsageAndFwid()
    {
        // Arrange
        var leaf = NvidiaSample.Chain[0];

        // Act
        var fwid = leaf.Fwid;

        // Assert
        Assert.Equal(NvidiaSample.DeviceId, leaf.SubjectSerialNumber);
        Assert.False(leaf.IsCa);
        Assert.Null(leaf.PathLength);
        Assert.Equal(DeviceCertificate.DigitalSignatureUsage, leaf.KeyUsage);
        Assert.False(leaf.HasRevocationPointers);
        Assert.Equal(new DateTimeOffset(2020, 10, 17, 0, 0, 0, TimeSpan.Zero), leaf.NotBefore);
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), leaf.NotAfter);
        Assert.NotNull(fwid);
        Assert.Equal(48, fwid.Length);
        Assert.Equal(SpdmMeasurementReport.Parse(NvidiaSample.Report).FindOpaque(OpaqueField.Fwid)!.Value, fwid);
    }

    [Fact]
    public void Parse_NvidiaIntermediates_AreCasWithRevocationPointersOnProvisionerAndIdentity()
    {
        // Arrange
        var chain = NvidiaSample.Chain;

        // Act
        var pointers = chain.Select(c => c.HasRevocationPointers).ToList();

        // Assert
        Assert.All(chain.Skip(1), c => Assert.True(c.IsCa));
        Assert.All(chain.Skip(1), c => Assert.NotEqual(0, c.KeyUsage!.Value & DeviceCertificate.KeyCertSignUsage));
        Assert.Equal([false, false, true, true, false], pointers);
    }

    [Fact]
    public void Parse_NvidiaValidityWindow_LatestNotBeforeIsMarch2022()
    {
        // Arrange
        var chain = NvidiaSample.Chain;

        // Act
        var latestNotBefore = chain.Max(c => c.NotBefore);
        var earliestNotAfter = chain.Min(c => c.NotAfter);

        // Assert
        Assert.Equal(new DateTimeOffset(2022, 3, 1, 0, 0, 0, TimeSpan.Zero), latestNotBefore);
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), earliestNotAfter);
        Assert.InRange(NvidiaSample.At, latestNotBefore, earliestNotAfter);
    }

    [Fact]
    public void Parse_CertificateWithTrailingByte_RefusedMalformed()
    {
        // Arrange
        byte[] der = [.. NvidiaSample.Chain[0].Der, 0x00];

        // Act
        var e = Assert.Throws<AttestationException>(() => DeviceCertificate.Parse(der));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }

    [Fact]
    public void Parse_CertificateInBerLongFormLength_RefusedMalformed()
    {
        // Arrange: re-encode the outer SEQUENCE length (0x82 xx xx) as the non-minimal 0x83 00 xx xx.
        var der = NvidiaSample.Chain[0].Der;
        Assert.Equal(0x82, der[1]);
        byte[] ber = [der[0], 0x83, 0x00, .. der[2..]];

        // Act
        var e = Assert.Throws<AttestationException>(() => DeviceCertificate.Parse(ber));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }

    [Fact]
    public void Parse_Garbage_RefusedMalformed()
    {
        // Arrange
        byte[] garbage = [0x30, 0x03, 0x02, 0x01, 0x01];

        // Act
        var e = Assert.Throws<AttestationException>(() => DeviceCertificate.Parse(garbage));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }

    [Fact]
    public void ParsePemChain_PrivateKeyBlock_RefusedMalformed()
    {
        // Arrange
        var pem = TestManufacturer.Create("Pem", DateTimeOffset.UtcNow).IssueDevice("PEM-1", DateTimeOffset.UtcNow).ExportPem();

        // Act
        var e = Assert.Throws<AttestationException>(() => DeviceCertificate.ParsePemChain(pem));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }
}
