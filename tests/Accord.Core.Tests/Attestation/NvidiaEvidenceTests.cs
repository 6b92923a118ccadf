// The real NVIDIA H100 evidence (nvtrust sample) through the DMTF DSP0274 SPDM 1.1 report
// parser, RFC 5280 chain validation and the nvtrust verifier's evidence steps, with the
// refusals each tampering must produce.
using Accord.Core.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Attestation;

public sealed class NvidiaEvidenceTests
{
    [Fact]
    public void Verify_RealReportAndChainWithOwnNonce_IsValid()
    {
        // Arrange
        var report = NvidiaSample.Report;

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, NvidiaSample.ChainDer, NvidiaSample.Trust(), NvidiaSample.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Null(result.Reason);
        Assert.Equal(NvidiaSample.DeviceId, result.DeviceId);
        Assert.Equal(NvidiaSample.Chain[0].SubjectSerialNumber, result.DeviceId);
        Assert.Equal(64, result.Measurements.Count);
        Assert.Equal(14, result.Report!.Opaque.Count);
        Assert.Equal(NvidiaSample.Root.Sha256, result.Chain.RootSha256);
        Assert.Equal(["chain", "parse report", "nonce", "signature", "fwid"], result.Steps.Select(s => s[..s.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(result.Steps, s => Assert.Contains(": ok - ", s, StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_RealChain_StepsInNvtrustOrder()
    {
        // Arrange
        var chain = NvidiaSample.ChainDer;

        // Act
        var result = DeviceChainVerifier.Verify(chain, NvidiaSample.Trust(), NvidiaSample.At);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Equal(
            ["parse", "links", "root", "validity", "basicConstraints", "keyUsage", "criticalExtensions", "revocation", "deviceId"],
            result.Steps.Select(s => s[..s.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Contains("by DER equality", result.Steps[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RealChain_RevocationIsUnknownBecauseOfOcspPointers()
    {
        // Arrange
        var chain = NvidiaSample.ChainDer;

        // Act
        var result = DeviceChainVerifier.Verify(chain, NvidiaSample.Trust(), NvidiaSample.At);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Equal(RevocationStatus.Unknown, result.Revocation);
        Assert.NotEqual(RevocationStatus.Good, result.Revocation);
        Assert.Contains(NvidiaSample.Chain, c => c.HasRevocationPointers);
    }

    [Fact]
    public void Verify_RealChainWithoutRoot_AnchorsBySignatureToPinnedRoot()
    {
        // Arrange
        var chain = NvidiaSample.ChainDer[..4];

        // Act
        var result = DeviceChainVerifier.Verify(chain, NvidiaSample.Trust(), NvidiaSample.At);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Equal(NvidiaSample.Root.Sha256, result.RootSha256);
        Assert.Contains("signature verified", result.Steps[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OtherExpectedNonce_RefusedNonceMismatch()
    {
        // Arrange
        var nonce = NvidiaSample.RequestNonce;
        nonce[0] ^= 0x01;

        // Act
        var result = SpdmEvidenceVerifier.Verify(NvidiaSample.Report, NvidiaSample.ChainDer, NvidiaSample.Trust(), nonce, NvidiaSample.At);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.NonceMismatch, result.Reason);
        Assert.Null(result.DeviceId);
        Assert.Empty(result.Measurements);
    }

    [Fact]
    public void Verify_ExpectedNonceOfWrongLength_RefusedNonceMismatch()
    {
        // Arrange
        var nonce = NvidiaSample.RequestNonce[..16];

        // Act
        var result = SpdmEvidenceVerifier.Verify(NvidiaSample.Report, NvidiaSample.ChainDer, NvidiaSample.Trust(), nonce, NvidiaSample.At);

        // Assert
        Assert.Equal(AttestationReasons.NonceMismatch, result.Reason);
    }

    // Offsets: 37-byte request, 8-byte response header, then 64 blocks of 55 bytes (4-byte block
    // header, 3-byte DMTF header, 48-byte value): block k's value starts at 45 + 55(k-1) + 7.
    // The responder nonce is at 3565, OpaqueLength at 3597, the opaque fields from 3599.
    [Theory]
    [InlineData(52)]
    [InlineData(602)]
    [InlineData(3564)]
    [InlineData(3565)]
    [InlineData(3600)]
    [InlineData(4020)]
    public void Verify_OneChangedSignedByte_RefusedBadSignature(int offset)
    {
        // Arrange
        var report = NvidiaSample.Report;
        report[offset] ^= 0x01;

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, NvidiaSample.ChainDer, NvidiaSample.Trust(), NvidiaSample.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.BadSignature, result.Reason);
    }

    [Fact]
    public void Verify_ChangedSignatureByte_RefusedBadSignature()
    {
        // Arrange
        var report = NvidiaSample.Report;
        report[^1] ^= 0x80;

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, NvidiaSample.ChainDer, NvidiaSample.Trust(), NvidiaSample.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.Equal(AttestationReasons.BadSignature, result.Reason);
    }

    [Fact]
    public void Verify_TruncatedReport_RefusedMalformed()
    {
        // Arrange
        var report = NvidiaSample.Report[..^1];

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, NvidiaSample.ChainDer, NvidiaSample.Trust(), NvidiaSample.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.Equal(AttestationReasons.Malformed, result.Reason);
    }

    [Fact]
    public void Verify_TrustingAnotherManufacturerRoot_RefusedUntrustedRoot()
    {
        // Arrange
        var other = TestManufacturer.Create("Other", NvidiaSample.At.AddYears(-1));
        var trust = TrustSnapshot.Of([other.RootDer]);

        // Act
        var result = SpdmEvidenceVerifier.Verify(NvidiaSample.Report, NvidiaSample.ChainDer, trust, NvidiaSample.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.UntrustedRoot, result.Reason);
        Assert.Equal(AttestationReasons.UntrustedRoot, result.Chain.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Verify_ChainWithAnIntermediateDropped_RefusedBrokenChain(int dropped)
    {
        // Arrange
        var chain = NvidiaSample.ChainDer;
        chain.RemoveAt(dropped);

        // Act
        var result = DeviceChainVerifier.Verify(chain, NvidiaSample.Trust(), NvidiaSample.At);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.BrokenChain, result.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Verify_CertificateRevokedByLocalList_RefusedRevoked(int revokedIndex)
    {
        // Arrange
        var trust = NvidiaSample.Trust(NvidiaSample.Chain[revokedIndex].Sha256);

        // Act
        var result = SpdmEvidenceVerifier.Verify(NvidiaSample.Report, NvidiaSample.ChainDer, trust, NvidiaSample.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.Revoked, result.Reason);
        Assert.Equal(RevocationStatus.Revoked, result.Chain.Revocation);
    }

    [Fact]
    public void Verify_BeforeProvisionerIcaNotBefore_RefusedNotYetValid()
    {
        // Arrange
        var at = new DateTimeOffset(2022, 2, 28, 23, 59, 59, TimeSpan.Zero);

        // Act
        var result = DeviceChainVerifier.Verify(NvidiaSample.ChainDer, NvidiaSample.Trust(), at);

        // Assert
        Assert.Equal(AttestationReasons.NotYetValid, result.Reason);
    }

    [Fact]
    public void Verify_AtLatestNotBefore_IsValid()
    {
        // Arrange
        var at = new DateTimeOffset(2022, 3, 1, 0, 0, 0, TimeSpan.Zero);

        // Act
        var result = DeviceChainVerifier.Verify(NvidiaSample.ChainDer, NvidiaSample.Trust(), at);

        // Assert
        Assert.True(result.Valid, result.Message);
    }

    [Fact]
    public void Verify_FwidOpaqueFieldChangedAndResigned_RefusedFwidMismatch()
    {
        // Arrange: a simulated device whose report carries the NVIDIA FWID field, but whose leaf has no TcbInfo.
        var maker = TestManufacturer.Create("Fwid", NvidiaSample.At.AddYears(-1));
        var device = maker.IssueDevice("FWID-1", NvidiaSample.At.AddYears(-1));
        var parsed = SpdmMeasurementReport.Parse(NvidiaSample.Report);
        var report = SpdmMeasurementReport.Build(parsed.RequestNonce, parsed.Measurements, parsed.ResponderNonce, parsed.Opaque, m => device.SignRaw(m));

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, device.ChainDer, TrustSnapshot.Of([maker.RootDer]), parsed.RequestNonce, NvidiaSample.At);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(AttestationReasons.FwidMismatch, result.Reason);
    }
}
