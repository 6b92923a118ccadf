using Accord.Core.Agreements;
using Accord.Core.Parties;
using Accord.Protos.Mapping;
using Google.Protobuf;
using V1 = Accord.Protos.V1;

namespace Accord.Protos.Tests.Mapping;

public sealed class AgreementAndPartyMappingTests
{
    [Fact]
    public void ToDraft_ValidProposal_MapsEveryField()
    {
        var mapped = AgreementMapping.ToDraft(Proposal());

        Assert.True(mapped.Ok, string.Join("; ", mapped.Violations));
        Assert.Equal(new AgreementDraft("pause-2027", "Pause 2027", "The text.", ["lab-a", "lab-b", "lab-c"], new ThresholdParties(3)), mapped.Value);
    }

    [Fact]
    public void ToDraft_ThresholdAboveParties_IsViolationOnRuleThreshold()
    {
        var proposal = Proposal();
        proposal.Rule.Threshold = 4;

        var mapped = AgreementMapping.ToDraft(proposal);

        Assert.Equal("rule.threshold", Assert.Single(mapped.Violations).Field);
    }

    [Fact]
    public void ToDraft_RuleUnsetAndBadFields_ReportsAllTogether()
    {
        var proposal = Proposal();
        proposal.Rule = null;
        proposal.PartyIds.RemoveAt(2);
        proposal.PartyIds.RemoveAt(1);

        var mapped = AgreementMapping.ToDraft(proposal);

        Assert.Null(mapped.Value);
        Assert.Equal(["rule", "party_ids"], mapped.Violations.Select(v => v.Field));
    }

    [Fact]
    public void ToDraft_AllFalse_IsViolationOnRuleAll()
    {
        var proposal = Proposal();
        proposal.Rule = new V1.ActivationRule { All = false };

        var mapped = AgreementMapping.ToDraft(V1.AgreementProposal.Parser.ParseFrom(proposal.ToByteArray()));

        Assert.Equal("rule.all", Assert.Single(mapped.Violations).Field);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void ToDomain_EveryRule_RoundTrips(AgreementActivation rule)
    {
        var proto = V1.ActivationRule.Parser.ParseFrom(AgreementMapping.ToProto(rule).ToByteArray());

        Assert.Equal(rule, AgreementMapping.ToDomain(proto));
    }

    public static TheoryData<AgreementActivation> Rules => new(new AllParties(), new ThresholdParties(2));

    [Fact]
    public void ToDomain_UnsetRule_IsNull()
    {
        Assert.Null(AgreementMapping.ToDomain(new V1.ActivationRule()));
        Assert.Null(AgreementMapping.ToDomain((V1.ActivationRule?)null));
    }

    [Fact]
    public void ToDraft_ValidRegistration_MapsIdNameAndRoles()
    {
        var mapped = PartyMapping.ToDraft(Registration(V1.PartyRole.Lab, V1.PartyRole.Inspector));

        Assert.True(mapped.Ok);
        Assert.Equal(new PartyDraft("lab-a", "Lab A", [PartyRole.Lab, PartyRole.Inspector]), mapped.Value);
    }

    [Fact]
    public void ToDraft_UnspecifiedOrUnknownRole_IsViolationAtItsIndex()
    {
        var mapped = PartyMapping.ToDraft(Registration(V1.PartyRole.Lab, V1.PartyRole.Unspecified, (V1.PartyRole)7));

        Assert.Null(mapped.Value);
        Assert.Equal(["roles[1]", "roles[2]"], mapped.Violations.Select(v => v.Field));
    }

    [Fact]
    public void ToDraft_NoRolesAndNoHeader_ReportsOnlyTheHeader_NoRolesIsAPartyAwaitingAGrant()
    {
        var registration = Registration();
        registration.Header = null;

        var mapped = PartyMapping.ToDraft(registration);

        Assert.Equal(["header.party_id"], mapped.Violations.Select(v => v.Field));
    }

    [Theory]
    [InlineData(PartyRole.Lab, V1.PartyRole.Lab)]
    [InlineData(PartyRole.Inspector, V1.PartyRole.Inspector)]
    [InlineData(PartyRole.Negotiator, V1.PartyRole.Negotiator)]
    public void ToProto_EveryRole_MapsOneToOneAndBack(PartyRole role, V1.PartyRole expected)
    {
        Assert.Equal(expected, PartyMapping.ToProto(role));
        Assert.Equal(role, PartyMapping.ToDomain(expected));
    }

    private static V1.AgreementProposal Proposal() => new()
    {
        Header = new V1.RequestHeader { PartyId = "negotiator" },
        AgreementId = "pause-2027",
        Title = "Pause 2027",
        Text = "The text.",
        PartyIds = { "lab-a", "lab-b", "lab-c" },
        Rule = new V1.ActivationRule { Threshold = 3 },
    };

    private static V1.PartyRegistration Registration(params V1.PartyRole[] roles)
    {
        var registration = new V1.PartyRegistration { Header = new V1.RequestHeader { PartyId = "lab-a" }, DisplayName = "Lab A" };
        registration.Roles.AddRange(roles);
        return registration;
    }
}
