using System.Text;
using Accord.Core.Attestation;
using Accord.Core.Common;
using Accord.Core.Keys;
using Accord.Core.Monitoring;
using Accord.DevTools;

namespace Accord.Core.Tests.Monitoring;

public sealed class ReportingKeyRulesTests
{
    private const string Lab = "lab-a";
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly TestManufacturer Manufacturer = TestManufacturer.Create("Rules Fab", Now.AddDays(-1));
    private static readonly DeviceIdentity Device = Manufacturer.IssueDevice("GPU-RULES-1", Now.AddDays(-1));
    private static readonly DeviceIdentity OtherDevice = Manufacturer.IssueDevice("GPU-RULES-2", Now.AddDays(-1));
    private static readonly byte[] Key = PartyKeyPair.FromSeed(new byte[32]).PublicKey.ToBytes();
    private static readonly byte[] Nonce = Enumerable.Repeat((byte)0x5a, 32).ToArray();
    private static readonly byte[] Statement = Encoding.UTF8.GetBytes("a ReportingKeyStatement, as signed");

    private static ReportingKeyClaims Claims { get; } = new(Device.DeviceId, 8, Key, Now.AddMinutes(-1), Now.AddHours(1), Nonce);

    private static EnrolledDevice Enrolled(ulong epoch = 7, params IssuedChallenge[] challenges) =>
        new(Device.DeviceId, Lab, Device.Leaf.SubjectPublicKeyInfo, epoch, null,
            challenges.Length > 0 ? challenges : [new IssuedChallenge(new byte[32], Now.AddMinutes(1), false), new IssuedChallenge(Nonce, Now.AddMinutes(4), false)]);

    private static Func<ReadOnlyMemory<byte>, ReportingKeyClaims> Reads(ReportingKeyClaims claims) => _ => claims;

    private static Checked<CertifiedReportingKey> Verify(ReportingKeyClaims claims, byte[]? signature = null, byte[]? statement = null) =>
        ReportingKeyRules.VerifyCertificate(Device.Leaf.SubjectPublicKeyInfo, statement ?? Statement, signature ?? Device.SignDer(Statement), Device.DeviceId, Reads(claims));

    private static Checked<ReportingKeyAdmission> Check(ReportingKeyClaims claims, EnrolledDevice? device = null, string party = Lab, DateTimeOffset? now = null) =>
        ReportingKeyRules.Check(device ?? Enrolled(), Device.DeviceId, party, Statement, Device.SignDer(Statement), Reads(claims), now ?? Now, Skew);

    [Fact]
    public void VerifyCertificate_SignedByTheIdentityKey_GivesTheCertifiedKey()
    {
        var result = Verify(Claims);

        Assert.True(result.Allowed);
        var certified = result.Value!;
        Assert.Equal(Device.DeviceId, certified.DeviceId);
        Assert.Equal(8UL, certified.Key.BootEpoch);
        Assert.Equal(Key, certified.Key.PublicKey.ToBytes());
        Assert.Equal(Claims.NotBefore, certified.Key.NotBefore);
        Assert.Equal(Claims.NotAfter, certified.Key.NotAfter);
        Assert.Equal(Nonce, certified.ChallengeNonce);
    }

    [Fact]
    public void VerifyCertificate_SignedByAnotherDevice_BadSignature()
    {
        var result = Verify(Claims, signature: OtherDevice.SignDer(Statement));

        Assert.Equal(new Refusal(RefusalCode.Unauthenticated, "BAD_SIGNATURE", "the reporting key certificate is not signed by the device's identity key", "certificate.signature"), result.Refusal);
    }

    [Fact]
    public void VerifyCertificate_StatementChangedAfterSigning_BadSignature()
    {
        var changed = (byte[])Statement.Clone();
        changed[^1] ^= 1;

        var result = Verify(Claims, signature: Device.SignDer(Statement), statement: changed);

        Assert.Equal("BAD_SIGNATURE", result.Refusal?.Reason);
    }

    [Fact]
    public void VerifyCertificate_Unreadable_MalformedWithTheReadersMessage()
    {
        var result = ReportingKeyRules.VerifyCertificate(
            Device.Leaf.SubjectPublicKeyInfo, Statement, Device.SignDer(Statement), Device.DeviceId, _ => throw new FormatException("truncated"));

        Assert.Equal(new Refusal(RefusalCode.InvalidArgument, "MALFORMED", "not a ReportingKeyStatement: truncated", "certificate.statement"), result.Refusal);
    }

    [Fact]
    public void VerifyCertificate_UnreadableAndBadlySigned_SignatureComesFirst()
    {
        var result = ReportingKeyRules.VerifyCertificate(
            Device.Leaf.SubjectPublicKeyInfo, Statement, OtherDevice.SignDer(Statement), Device.DeviceId, _ => throw new FormatException("truncated"));

        Assert.Equal("BAD_SIGNATURE", result.Refusal?.Reason);
    }

    [Fact]
    public void VerifyCertificate_ForAnotherDevice_DeviceMismatch()
    {
        var result = Verify(Claims with { DeviceId = OtherDevice.DeviceId });

        Assert.Equal(new Refusal(RefusalCode.InvalidArgument, "DEVICE_MISMATCH", $"the statement is for device {OtherDevice.DeviceId}", "certificate.statement"), result.Refusal);
    }

    [Fact]
    public void VerifyCertificate_DeviceIdDiffersInCase_DeviceMismatch()
    {
        Assert.Equal("DEVICE_MISMATCH", Verify(Claims with { DeviceId = Device.DeviceId.ToLowerInvariant() }).Refusal?.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void VerifyCertificate_KeyNot32Bytes_Malformed(int length)
    {
        var result = Verify(Claims with { ReportingPublicKey = new byte[length] });

        Assert.Equal(new Refusal(RefusalCode.InvalidArgument, "MALFORMED", "the reporting key must be a raw 32-byte Ed25519 key", "certificate.statement"), result.Refusal);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void VerifyCertificate_ValidityTimestampMissing_Malformed(bool notBefore, bool notAfter)
    {
        var result = Verify(Claims with { NotBefore = notBefore ? Claims.NotBefore : null, NotAfter = notAfter ? Claims.NotAfter : null });

        Assert.Equal(new Refusal(RefusalCode.InvalidArgument, "MALFORMED", "the reporting key certificate needs valid not_before and not_after timestamps", "certificate.statement"), result.Refusal);
    }

    [Fact]
    public void Check_ValidForAnEnrolledDevice_AdmittedWithTheChallengeToUse()
    {
        var result = Check(Claims);

        Assert.True(result.Allowed);
        Assert.Equal(1, result.Value!.UsedChallenge);
        Assert.Equal(8UL, result.Value.Certified.Key.BootEpoch);
    }

    [Fact]
    public void Check_NotEnrolled_UnknownDevice()
    {
        var result = ReportingKeyRules.Check(null, "GPU-NONE", Lab, Statement, Device.SignDer(Statement), Reads(Claims), Now, Skew);

        Assert.Equal(new Refusal(RefusalCode.NotFound, "UNKNOWN_DEVICE", "device GPU-NONE is not enrolled", "device_id"), result.Refusal);
    }

    [Fact]
    public void Check_AnotherLabsDevice_NotOwnerBeforeTheCertificate()
    {
        var result = Check(Claims with { DeviceId = "someone else's" }, party: "lab-b");

        Assert.Equal(new Refusal(RefusalCode.PermissionDenied, "NOT_OWNER", $"device {Device.DeviceId} is not enrolled by 'lab-b'", "certificate"), result.Refusal);
    }

    [Fact]
    public void Check_CertificateRefused_ItsReason()
    {
        Assert.Equal("DEVICE_MISMATCH", Check(Claims with { DeviceId = OtherDevice.DeviceId }).Refusal?.Reason);
    }

    [Theory]
    [InlineData(7UL, "STALE_EPOCH")]
    [InlineData(6UL, "STALE_EPOCH")]
    [InlineData(8UL, null)]
    public void Check_Epoch_MustBeAfterTheCurrent(ulong epoch, string? reason)
    {
        var result = Check(Claims with { BootEpoch = epoch });

        Assert.Equal(reason, result.Refusal?.Reason);
        if (reason is not null)
        {
            Assert.Equal(new Refusal(RefusalCode.FailedPrecondition, reason, $"boot epoch {epoch} is not after the current epoch 7", "certificate.statement"), result.Refusal);
        }
    }

    [Fact]
    public void Check_StaleEpochAndUnknownChallenge_StaleEpochFirst()
    {
        Assert.Equal("STALE_EPOCH", Check(Claims with { BootEpoch = 1, ChallengeNonce = new byte[5] }).Refusal?.Reason);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(1L, "OUTSIDE_VALIDITY")]
    public void Check_NotBeforeAroundNowPlusSkew_AcceptedUpToTheSkewExactly(long ticksPastSkew, string? reason)
    {
        var result = Check(Claims with { NotBefore = Now + Skew + TimeSpan.FromTicks(ticksPastSkew), NotAfter = Now.AddHours(2) });

        Assert.Equal(reason, result.Refusal?.Reason);
    }

    [Theory]
    [InlineData(0L, "OUTSIDE_VALIDITY")]
    [InlineData(-1L, "OUTSIDE_VALIDITY")]
    [InlineData(1L, null)]
    public void Check_NotAfterAroundNow_RefusedAtOrBeforeNow(long ticksAfterNow, string? reason)
    {
        var result = Check(Claims with { NotAfter = Now.AddTicks(ticksAfterNow) });

        Assert.Equal(reason, result.Refusal?.Reason);
        if (reason is not null)
        {
            Assert.Equal(new Refusal(RefusalCode.FailedPrecondition, reason, "the reporting key certificate is not valid now", "certificate.statement"), result.Refusal);
        }
    }

    [Fact]
    public void Check_ChallengeNeverIssued_UnknownChallenge()
    {
        var result = Check(Claims with { ChallengeNonce = Enumerable.Repeat((byte)1, 32).ToArray() });

        Assert.Equal(new Refusal(RefusalCode.FailedPrecondition, "UNKNOWN_CHALLENGE", "the certificate answers no challenge issued to this device", "certificate.statement"), result.Refusal);
    }

    [Fact]
    public void Check_ChallengeUsed_ReusedChallenge()
    {
        var result = Check(Claims, Enrolled(7, new IssuedChallenge(Nonce, Now.AddMinutes(4), true)));

        Assert.Equal(new Refusal(RefusalCode.FailedPrecondition, "REUSED_CHALLENGE", "the certificate's challenge was already used", "certificate.statement"), result.Refusal);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(-1L, "STALE_CHALLENGE")]
    public void Check_ChallengeAroundItsExpiry_AcceptedUntilItExpiresExactly(long ticksFromNow, string? reason)
    {
        var result = Check(Claims, Enrolled(7, new IssuedChallenge(Nonce, Now.AddTicks(ticksFromNow), false)));

        Assert.Equal(reason, result.Refusal?.Reason);
        if (reason is not null)
        {
            Assert.Equal("the certificate's challenge has expired", result.Refusal!.Message);
        }
    }
}
