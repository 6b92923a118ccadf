using Accord.Core.Common;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Parties;

namespace Accord.Core.Tests.Parties;

public sealed class GovernanceTests : IDisposable
{
    private readonly PartyKeyPair _a = PartyKeyPair.Generate();
    private readonly PartyKeyPair _b = PartyKeyPair.Generate();
    private readonly PartyKeyPair _c = PartyKeyPair.Generate();
    private readonly PartyKeyPair _outsider = PartyKeyPair.Generate();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
        _outsider.Dispose();
    }

    [Fact]
    public void CheckSignatures_TwoOfThree_AllowsTwoAndRefusesOne_OutsidersDoNotCount()
    {
        var body = GovernanceBody.Create([_a.PublicKey, _b.PublicKey, _c.PublicKey], 2);

        Assert.Null(body.CheckSignatures(Signed(_a, _c)));
        Assert.Null(body.CheckSignatures(Signed(_a, _b, _c)));
        var one = body.CheckSignatures(Signed(_b, _outsider));
        Assert.Equal(("GOVERNANCE_THRESHOLD_NOT_MET", RefusalCode.PermissionDenied), (one!.Reason, one.Code));
        Assert.Contains("1 valid governance signature", one.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSignatures_ABodyKeysSignatureOverOtherBytes_IsBadSignature()
    {
        var body = GovernanceBody.Create([_a.PublicKey], 1);
        var envelope = Signed(_a) with { Payload = [9, 9, 9] };

        Assert.Equal("BAD_SIGNATURE", body.CheckSignatures(envelope)!.Reason);
    }

    [Fact]
    public void CheckSignatures_OneKeyTwice_IsMalformed()
    {
        var body = GovernanceBody.Create([_a.PublicKey, _b.PublicKey], 2);
        var once = Signed(_a);
        var twice = once with { Signatures = [once.Signatures[0], once.Signatures[0]] };

        Assert.Equal("MALFORMED_ENVELOPE", body.CheckSignatures(twice)!.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Create_ThresholdOutsideOneToKeys_Throws(int threshold)
    {
        var e = Assert.Throws<ArgumentException>(() => GovernanceBody.Create([_a.PublicKey, _b.PublicKey], threshold));
        Assert.Contains("1 to 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_KeyTwiceOrNone_Throws()
    {
        Assert.Throws<ArgumentException>(() => GovernanceBody.Create([_a.PublicKey, _a.PublicKey], 1));
        Assert.Throws<ArgumentException>(() => GovernanceBody.Create([], 1));
    }

    [Theory]
    [InlineData(1UL, 0UL, true)]
    [InlineData(6UL, 5UL, true)]
    [InlineData(5UL, 5UL, false)]
    [InlineData(1UL, 5UL, false)]
    [InlineData(8UL, 5UL, false)]
    public void CheckSequence_OnlyTheNextAct(ulong sequence, ulong last, bool allowed)
    {
        var refusal = GovernanceRules.CheckSequence(sequence, last);

        Assert.Equal(allowed, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal("GOVERNANCE_SEQUENCE", refusal.Reason);
            Assert.Contains($"the next is {last + 1}", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ChangeRole_GrantAddsAndRevokeRemoves_HeldOrNotHeldRefused()
    {
        Assert.Equal([PartyRole.Lab, PartyRole.Inspector], GovernanceRules.ChangeRole([PartyRole.Lab], GovernanceActKind.GrantRole, PartyRole.Inspector, "p").Value);
        Assert.Equal([PartyRole.Lab], GovernanceRules.ChangeRole([PartyRole.Lab, PartyRole.Inspector], GovernanceActKind.RevokeRole, PartyRole.Inspector, "p").Value);
        Assert.Equal("ROLE_HELD", GovernanceRules.ChangeRole([PartyRole.Inspector], GovernanceActKind.GrantRole, PartyRole.Inspector, "p").Refusal!.Reason);
        Assert.Equal("ROLE_NOT_HELD", GovernanceRules.ChangeRole([PartyRole.Lab], GovernanceActKind.RevokeRole, PartyRole.Inspector, "p").Refusal!.Reason);
    }

    [Fact]
    public void CheckClaimedRoles_LabOrNone_AnythingElseNamesItsIndex()
    {
        Assert.Null(GovernanceRules.CheckClaimedRoles([]));
        Assert.Null(GovernanceRules.CheckClaimedRoles([PartyRole.Lab]));
        var refusal = GovernanceRules.CheckClaimedRoles([PartyRole.Lab, PartyRole.Negotiator]);
        Assert.Equal(("ROLE_NOT_SELF_GRANTED", "roles[1]"), (refusal!.Reason, refusal.Field));
    }

    private static SignedEnvelope Signed(params PartyKeyPair[] keys)
    {
        var envelope = EnvelopeSigner.Sign("accord.v1.GovernanceAct", [1, 2, 3], keys[0]);
        foreach (var key in keys.Skip(1))
        {
            envelope = EnvelopeSigner.AddSignature(envelope, key);
        }

        return envelope;
    }
}
