// AR4SI trustworthiness vectors (IETF draft-ietf-rats-ar4si) from device attestation results:
// the mapping table of docs/compliance.md, "Verdicts and evidence bundles", row by row.
using Accord.Core.Attestation;
using Accord.Core.Verdicts;
using Accord.DevTools;

namespace Accord.Core.Tests.Verdicts;

public sealed class DeviceAppraiserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<TestManufacturer> Maker = new(() => TestManufacturer.Create("Acme", Now.AddDays(-30)));

    public static TheoryData<sbyte, TrustTier> TierRanges => new()
    {
        { 0, TrustTier.None },
        { -1, TrustTier.None },
        { 1, TrustTier.None },
        { 2, TrustTier.Affirming },
        { 31, TrustTier.Affirming },
        { -2, TrustTier.Affirming },
        { -32, TrustTier.Affirming },
        { 32, TrustTier.Warning },
        { 95, TrustTier.Warning },
        { -33, TrustTier.Warning },
        { -96, TrustTier.Warning },
        { 96, TrustTier.Contraindicated },
        { 127, TrustTier.Contraindicated },
        { -97, TrustTier.Contraindicated },
        { -128, TrustTier.Contraindicated },
    };

    public static TheoryData<string, sbyte> BrokenChains => new()
    {
        { AttestationReasons.BadSignature, 99 },
        { AttestationReasons.BrokenChain, 99 },
        { AttestationReasons.Malformed, 99 },
        { AttestationReasons.EmptyChain, 99 },
        { AttestationReasons.UnsupportedAlgorithm, 99 },
        { AttestationReasons.UntrustedRoot, 97 },
        { AttestationReasons.Revoked, 96 },
        { AttestationReasons.Expired, 96 },
        { AttestationReasons.NotYetValid, 96 },
        { AttestationReasons.NotACa, 96 },
        { AttestationReasons.KeyUsage, 96 },
        { AttestationReasons.NoDeviceId, 96 },
    };

    [Theory]
    [MemberData(nameof(TierRanges))]
    public void Tier_ClaimValue_FollowsTheAr4siRanges(sbyte value, TrustTier expected)
    {
        // Arrange
        var claim = new TrustClaim(value);

        // Act
        var tier = claim.Tier;

        // Assert
        Assert.Equal(expected, tier);
    }

    [Fact]
    public void Appraise_HardwareRootedGoodChainWithMeasurementsAndReports_AffirmsIdentityHardwareAndSourcedData()
    {
        // Arrange
        var chain = Valid(RevocationStatus.Good);

        // Act
        var appraisal = DeviceAppraiser.Appraise("GPU-1", chain, hardwareRooted: true, measurementsVerified: true, reportsVerified: true);

        // Assert
        var v = appraisal.Trustworthiness;
        Assert.Equal(TrustTier.Affirming, v.InstanceIdentity.Tier);
        Assert.Equal(TrustTier.Affirming, v.Hardware.Tier);
        Assert.Equal(TrustTier.Affirming, v.SourcedData.Tier);
        Assert.All([v.Configuration, v.Executables, v.FileSystem, v.RuntimeOpaque, v.StorageOpaque], c => Assert.Equal(TrustTier.None, c.Tier));
        Assert.Equal(TrustTier.Affirming, v.Overall);
        Assert.Empty(appraisal.Warnings);
        Assert.Equal("root", appraisal.RootSha256);
    }

    [Fact]
    public void Appraise_TestManufacturerChain_IsAWarningNeverAffirming()
    {
        // Arrange: a real chain from a test manufacturer, verified against its own root.
        var device = Maker.Value.IssueDevice("GPU-TEST-1", Now.AddDays(-1));
        var chain = DeviceChainVerifier.Verify(device.ChainDer, TrustSnapshot.Of([Maker.Value.RootDer]), Now);
        Assert.True(chain.Valid);

        // Act
        var appraisal = DeviceAppraiser.Appraise(device.DeviceId, chain, hardwareRooted: false, measurementsVerified: true, reportsVerified: true);

        // Assert
        var v = appraisal.Trustworthiness;
        Assert.Equal(TrustTier.Warning, v.InstanceIdentity.Tier);
        Assert.Equal(TrustTier.Warning, v.Hardware.Tier);
        Assert.Equal(TrustTier.Warning, v.SourcedData.Tier);
        Assert.Equal(TrustTier.Warning, v.Overall);
        Assert.Contains(appraisal.Warnings, w => w.Contains("not a hardware manufacturer root", StringComparison.Ordinal));
    }

    [Fact]
    public void Appraise_RevocationUnknown_IsAWarning()
    {
        // Arrange
        var chain = Valid(RevocationStatus.Unknown);

        // Act
        var appraisal = DeviceAppraiser.Appraise("GPU-1", chain, hardwareRooted: true, measurementsVerified: true);

        // Assert
        Assert.Equal(TrustTier.Warning, appraisal.Trustworthiness.InstanceIdentity.Tier);
        Assert.Equal(TrustTier.Warning, appraisal.Trustworthiness.Hardware.Tier);
        Assert.Equal(TrustTier.None, appraisal.Trustworthiness.SourcedData.Tier);
        Assert.Contains(appraisal.Warnings, w => w.Contains("revocation is unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Appraise_NoSpdmEvidence_HardwareIsAWarning()
    {
        // Arrange
        var chain = Valid(RevocationStatus.Good);

        // Act
        var appraisal = DeviceAppraiser.Appraise("GPU-1", chain, hardwareRooted: true, measurementsVerified: false, reportsVerified: true);

        // Assert
        Assert.Equal(TrustTier.Affirming, appraisal.Trustworthiness.InstanceIdentity.Tier);
        Assert.Equal(TrustTier.Warning, appraisal.Trustworthiness.Hardware.Tier);
        Assert.Equal(TrustTier.Warning, appraisal.Trustworthiness.SourcedData.Tier);
        Assert.Contains(appraisal.Warnings, w => w.StartsWith("hardware: warning", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BrokenChains))]
    public void Appraise_ChainRefused_IsContraindicated(string reason, sbyte expectedValue)
    {
        // Arrange
        var chain = new ChainResult(false, reason, "refused", null, null,
            reason == AttestationReasons.Revoked ? RevocationStatus.Revoked : RevocationStatus.Unknown, []);

        // Act
        var appraisal = DeviceAppraiser.Appraise("GPU-1", chain, hardwareRooted: true, measurementsVerified: true, reportsVerified: true);

        // Assert
        var v = appraisal.Trustworthiness;
        Assert.Equal(expectedValue, v.InstanceIdentity.Value);
        Assert.Equal(expectedValue, v.Hardware.Value);
        Assert.Equal(TrustTier.Contraindicated, v.SourcedData.Tier);
        Assert.Equal(TrustTier.Contraindicated, v.Overall);
        Assert.Contains(appraisal.Warnings, w => w.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Appraise_RevokedRealChain_IsContraindicated()
    {
        // Arrange
        var device = Maker.Value.IssueDevice("GPU-REVOKED", Now.AddDays(-1));
        var leafSha = device.Leaf.Sha256;
        var chain = DeviceChainVerifier.Verify(device.ChainDer, TrustSnapshot.Of([Maker.Value.RootDer], [leafSha]), Now);

        // Act
        var appraisal = DeviceAppraiser.Appraise(device.DeviceId, chain, hardwareRooted: true, measurementsVerified: true);

        // Assert
        Assert.Equal(RevocationStatus.Revoked, chain.Revocation);
        Assert.Equal(TrustClaim.Untrustworthy, appraisal.Trustworthiness.InstanceIdentity);
        Assert.Equal(TrustTier.Contraindicated, appraisal.Trustworthiness.Overall);
    }

    [Fact]
    public void Appraise_ReportsDidNotVerify_SourcedDataIsCryptoValidationFailed()
    {
        // Arrange
        var chain = Valid(RevocationStatus.Good);

        // Act
        var appraisal = DeviceAppraiser.Appraise("GPU-1", chain, hardwareRooted: true, measurementsVerified: true, reportsVerified: false);

        // Assert
        Assert.Equal(TrustClaim.CryptoValidationFailed, appraisal.Trustworthiness.SourcedData);
        Assert.Equal(TrustTier.Contraindicated, appraisal.Trustworthiness.Overall);
    }

    [Fact]
    public void Overall_OnlyNoClaims_IsNone()
    {
        // Arrange
        var none = TrustClaim.NoClaim;
        var vector = new TrustworthinessVector(none, none, none, none, none, none, none, none);

        // Act
        var overall = vector.Overall;

        // Assert
        Assert.Equal(TrustTier.None, overall);
    }

    private static ChainResult Valid(RevocationStatus revocation) =>
        new(true, null, "ok", "GPU-1", "root", revocation, []);
}
