using System.Text;
using Accord.Core.Common;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class SignedReportRulesTests
{
    private const string Lab = "lab-a";
    private const string PayloadType = "accord.v1.MonitoringReport";
    private static readonly PartyKeyPair CurrentKey = PartyKeyPair.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly PartyKeyPair OtherKey = PartyKeyPair.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("a MonitoringReport, as signed");
    private static readonly ReportFacts Facts = Reports.Next;

    /// <summary>The current key of epoch 7, valid exactly over the report's interval.</summary>
    private static ReportingKey Key { get; } = new(Reports.Epoch, CurrentKey.PublicKey, Facts.IntervalStart, Facts.IntervalEnd);

    private static EnrolledDevice Device(ReportingKey? key = null, bool noKey = false) =>
        new(Reports.DeviceId, Lab, [], Reports.Epoch, noKey ? null : key ?? Key,
            [new IssuedChallenge(Enumerable.Repeat((byte)9, 32).ToArray(), Reports.Now, true), new IssuedChallenge(Facts.LastChallengeNonce, Reports.Now.AddMinutes(-10), true)]);

    private static SignedReport Signed(ReportFacts? facts = null, PartyKeyPair? by = null, bool hasStart = true, bool hasEnd = true, bool readable = true) =>
        new(EnvelopeSigner.Sign(PayloadType, Payload, by ?? CurrentKey), facts ?? Facts, hasStart, hasEnd, readable);

    private static Refusal? Check(SignedReport report, EnrolledDevice? device = null, string party = Lab) =>
        SignedReportRules.Check(device ?? Device(), Reports.DeviceId, party, report);

    [Fact]
    public void Check_SignedByTheCurrentKeyInsideItsValidity_Passes()
    {
        Assert.Null(Check(Signed()));
    }

    [Fact]
    public void Check_NotEnrolled_NotEnrolled()
    {
        var refusal = SignedReportRules.Check(null, "GPU-NONE", Lab, Signed());

        Assert.Equal("NOT_ENROLLED", refusal?.Reason);
        Assert.Equal("device GPU-NONE is not enrolled", refusal?.Message);
    }

    [Fact]
    public void Check_AnotherLabsDevice_NotOwner()
    {
        var refusal = Check(Signed(), party: "lab-b");

        Assert.Equal(new Refusal(RefusalCode.PermissionDenied, "NOT_OWNER", $"device {Reports.DeviceId} is not enrolled by 'lab-b'"), refusal);
    }

    [Fact]
    public void Check_NoReportingKeyYet_NoReportingKey()
    {
        var refusal = Check(Signed(), Device(noKey: true));

        Assert.Equal("NO_REPORTING_KEY", refusal?.Reason);
        Assert.Equal("the device has no certified reporting key", refusal?.Message);
    }

    [Fact]
    public void Check_SignedByAnotherKeyOfTheSameEpoch_WrongKey()
    {
        var refusal = Check(Signed(by: OtherKey));

        Assert.Equal("WRONG_KEY", refusal?.Reason);
        Assert.Equal($"the report is not signed by the reporting key of epoch {Reports.Epoch}", refusal?.Message);
    }

    [Fact]
    public void Check_OfAnotherEpochSignedByItsKey_WrongEpoch()
    {
        Assert.Equal("WRONG_EPOCH", Check(Signed(Facts with { BootEpoch = Reports.Epoch - 1 }, OtherKey))?.Reason);
    }

    [Fact]
    public void Check_SignatureDoesNotVerify_BadSignature()
    {
        var signed = Signed();
        var tampered = signed with { Envelope = signed.Envelope with { Payload = [.. Payload, 0] } };

        var refusal = Check(tampered);

        Assert.Equal(new Refusal(RefusalCode.Unauthenticated, "BAD_SIGNATURE", "the report's signature does not verify under the reporting key"), refusal);
    }

    [Fact]
    public void Check_EnvelopeMalformed_BadSignature()
    {
        var signed = Signed();
        var twice = signed with { Envelope = signed.Envelope with { Signatures = [.. signed.Envelope.Signatures, .. signed.Envelope.Signatures] } };

        Assert.Equal("BAD_SIGNATURE", Check(twice)?.Reason);
    }

    [Fact]
    public void Check_IntervalUnreadable_MalformedAfterTheSignature()
    {
        Assert.Equal("MALFORMED", Check(Signed(readable: false))?.Reason);
        Assert.Equal("WRONG_KEY", Check(Signed(by: OtherKey, readable: false))?.Reason);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(1L, "KEY_EXPIRED")]
    public void Check_EndAroundNotAfter_AcceptedUpToNotAfterExactly(long ticksPast, string? reason)
    {
        var key = Key with { NotAfter = Facts.IntervalEnd.AddTicks(-ticksPast) };

        Assert.Equal(reason, Check(Signed(), Device(key))?.Reason);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(1L, "BEFORE_KEY")]
    public void Check_StartAroundNotBefore_AcceptedFromNotBeforeExactly(long ticksBefore, string? reason)
    {
        var key = Key with { NotBefore = Facts.IntervalStart.AddTicks(ticksBefore) };

        Assert.Equal(reason, Check(Signed(), Device(key))?.Reason);
    }

    [Fact]
    public void Check_IntervalAbsent_LeftToTheOrderingRules()
    {
        var absent = Facts with { IntervalStart = DateTimeOffset.MinValue, IntervalEnd = DateTimeOffset.MinValue };

        Assert.Null(Check(Signed(absent, hasStart: false, hasEnd: false)));
        Assert.Equal("BEFORE_KEY", Check(Signed(absent, hasStart: true, hasEnd: false))?.Reason);
    }

    [Fact]
    public void Check_ChallengeNeverIssued_UnknownChallenge()
    {
        var refusal = Check(Signed(Facts with { LastChallengeNonce = new byte[31] }));

        Assert.Equal("UNKNOWN_CHALLENGE", refusal?.Reason);
        Assert.Equal("the report carries no challenge recently issued to this device", refusal?.Message);
    }

    [Fact]
    public void Check_ChallengeUsedAndExpired_StillKnown()
    {
        Assert.Null(Check(Signed(Facts with { LastChallengeNonce = Enumerable.Repeat((byte)9, 32).ToArray() })));
    }

    [Fact]
    public void VerifySignature_NoServerState_SameRefusalsAsCheck()
    {
        Assert.Null(SignedReportRules.VerifySignature(Key, Signed()));
        Assert.Equal("WRONG_KEY", SignedReportRules.VerifySignature(Key, Signed(by: OtherKey))?.Reason);
        Assert.Equal("KEY_EXPIRED", SignedReportRules.VerifySignature(Key with { NotAfter = Facts.IntervalEnd.AddTicks(-1) }, Signed())?.Reason);
    }
}
