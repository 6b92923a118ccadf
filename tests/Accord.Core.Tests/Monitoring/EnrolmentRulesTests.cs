using Accord.Core.Attestation;
using Accord.Core.Common;
using Accord.Core.Monitoring;
using Accord.Core.Tests.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Monitoring;

public sealed class EnrolmentRulesTests
{
    private const string Lab = "lab-a";
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TestManufacturer Manufacturer = TestManufacturer.Create("Enrol Fab", Now.AddDays(-1));
    private static readonly DeviceIdentity Device = Manufacturer.IssueDevice("GPU-ENROL-1", Now.AddDays(-1));
    private static readonly TrustSnapshot Trusted = TrustSnapshot.Of([Manufacturer.RootDer], []);

    private static Checked<EnrolmentAdmission> Enrol(string? enrolledBy = null, TrustSnapshot? trust = null, string deviceId = "GPU-ENROL-1") =>
        EnrolmentRules.Check(deviceId, Lab, enrolledBy, false, [.. Device.ChainDer], null, trust ?? Trusted, [], Now);

    private static Checked<EnrolmentAdmission> EnrolNvidia(byte[] report, params IssuedChallenge[] challenges) =>
        EnrolmentRules.Check(NvidiaSample.DeviceId, Lab, null, false, NvidiaSample.ChainDer, report, NvidiaSample.Trust(), challenges, NvidiaSample.At);

    [Fact]
    public void Check_ChainToATrustedRootWithoutEvidence_AdmittedWithItsRoot()
    {
        var result = Enrol();

        Assert.True(result.Allowed);
        Assert.Equal(Manufacturer.Root.Sha256, result.Value!.RootSha256);
        Assert.Empty(result.Value.Measurements);
        Assert.Null(result.Value.UsedChallenge);
    }

    [Fact]
    public void Check_EnrolledBySameParty_AlreadyEnrolled()
    {
        Assert.Equal(
            new Refusal(RefusalCode.AlreadyExists, "ALREADY_ENROLLED", $"device GPU-ENROL-1 is already enrolled by '{Lab}'", "certificate_chain"),
            Enrol(enrolledBy: Lab).Refusal);
    }

    [Fact]
    public void Check_EnrolledByAnotherParty_EnrolledByAnotherPartyWithoutNamingIt()
    {
        Assert.Equal(
            new Refusal(RefusalCode.AlreadyExists, "ENROLLED_BY_ANOTHER_PARTY", "device GPU-ENROL-1 is enrolled by another party, without evidence; enrol with SPDM evidence over a fresh challenge to contest it", "certificate_chain"),
            Enrol(enrolledBy: "lab-b").Refusal);
    }

    [Fact]
    public void Check_RootNotTrusted_TheChainsReason()
    {
        var other = TestManufacturer.Create("Other Fab", Now.AddDays(-1));

        var refusal = Enrol(trust: TrustSnapshot.Of([other.RootDer], [])).Refusal;

        Assert.Equal(RefusalCode.FailedPrecondition, refusal?.Code);
        Assert.Equal(AttestationReasons.UntrustedRoot, refusal?.Reason);
        Assert.Equal("certificate_chain", refusal?.Field);
    }

    [Fact]
    public void Check_ChainOfAnotherDevice_DeviceMismatch()
    {
        Assert.Equal(
            new Refusal(RefusalCode.InvalidArgument, "DEVICE_MISMATCH", "the chain is for device GPU-ENROL-1, not GPU-ENROL-2", "certificate_chain"),
            Enrol(deviceId: "GPU-ENROL-2").Refusal);
    }

    [Fact]
    public void Check_EvidenceAnsweringAnOutstandingChallenge_AdmittedWithMeasurementsAndTheChallengeToUse()
    {
        var result = EnrolNvidia(
            NvidiaSample.Report,
            new IssuedChallenge(new byte[32], NvidiaSample.At, false),
            new IssuedChallenge(NvidiaSample.RequestNonce, NvidiaSample.At, false));

        Assert.True(result.Allowed);
        Assert.Equal(1, result.Value!.UsedChallenge);
        Assert.Equal(64, result.Value.Measurements.Count);
        Assert.Equal(RevocationStatus.Unknown, result.Value.Revocation);
    }

    [Theory]
    [InlineData(false, 1L)]
    [InlineData(true, 0L)]
    [InlineData(false, -1L)]
    public void Check_EvidenceAnsweringNoOutstandingChallenge_NonceMismatch(bool used, long ticksFromNow)
    {
        var result = EnrolNvidia(NvidiaSample.Report, new IssuedChallenge(NvidiaSample.RequestNonce, NvidiaSample.At.AddTicks(ticksFromNow), used));

        if (!used && ticksFromNow >= 0)
        {
            Assert.True(result.Allowed);
            return;
        }

        Assert.Equal(
            new Refusal(RefusalCode.FailedPrecondition, "NONCE_MISMATCH", "the evidence answers no outstanding challenge for this device (expired, used, or never issued)", "evidence.report"),
            result.Refusal);
    }

    [Fact]
    public void Check_EvidenceExpiringExactlyNow_Admitted()
    {
        Assert.True(EnrolNvidia(NvidiaSample.Report, new IssuedChallenge(NvidiaSample.RequestNonce, NvidiaSample.At, false)).Allowed);
    }

    [Fact]
    public void Check_EvidenceNotAReport_ParseReasonOnTheReport()
    {
        var refusal = EnrolNvidia([1, 2, 3], new IssuedChallenge(NvidiaSample.RequestNonce, NvidiaSample.At, false)).Refusal;

        Assert.Equal(RefusalCode.InvalidArgument, refusal?.Code);
        Assert.Equal(AttestationReasons.Malformed, refusal?.Reason);
        Assert.Equal("evidence.report", refusal?.Field);
    }

    [Fact]
    public void Check_EvidenceSignatureBroken_TheEvidencesReason()
    {
        var report = NvidiaSample.Report;
        report[^1] ^= 1;

        var refusal = EnrolNvidia(report, new IssuedChallenge(NvidiaSample.RequestNonce, NvidiaSample.At, false)).Refusal;

        Assert.Equal(RefusalCode.FailedPrecondition, refusal?.Code);
        Assert.Equal(AttestationReasons.BadSignature, refusal?.Reason);
        Assert.Equal("evidence.report", refusal?.Field);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Check_AnotherPartysEnrolment_ContestedOnlyWithEvidenceAndOnlyWhenItHadNone(bool enrolledWithEvidence, bool displaced)
    {
        var challenge = new IssuedChallenge(NvidiaSample.RequestNonce, NvidiaSample.At.AddMinutes(1), false);

        var result = EnrolmentRules.Check(NvidiaSample.DeviceId, Lab, "lab-squatter", enrolledWithEvidence, NvidiaSample.ChainDer, NvidiaSample.Report, NvidiaSample.Trust(), [challenge], NvidiaSample.At);

        Assert.Equal(displaced, result.Allowed);
        Assert.Equal(displaced ? "lab-squatter" : null, result.Value?.Displaced);
        Assert.Equal(displaced ? null : "ENROLLED_BY_ANOTHER_PARTY", result.Refusal?.Reason);
    }
}
