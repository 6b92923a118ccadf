using Accord.Core.Parties;

namespace Accord.Core.Tests.Parties;

public sealed class PartyValidatorTests
{
    private static readonly PartyDraft Valid = new("lab-a", "Lab A", [PartyRole.Lab, PartyRole.Negotiator]);

    [Fact]
    public void Validate_WellFormedDraft_HasNoViolations()
    {
        Assert.Empty(PartyValidator.Validate(Valid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Lab-A")]
    [InlineData("lab a")]
    public void Validate_InvalidPartyId_IsRefusedOnHeaderPartyId(string id)
    {
        Assert.Equal("header.party_id", Assert.Single(PartyValidator.Validate(Valid with { PartyId = id })).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Lab\nA")]
    public void Validate_BadDisplayName_IsRefused(string name)
    {
        Assert.Equal("display_name", Assert.Single(PartyValidator.Validate(Valid with { DisplayName = name })).Field);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Validate_DisplayNameLength_AcceptedUpToTwoHundred(int length, bool ok)
    {
        var violations = PartyValidator.Validate(Valid with { DisplayName = new string('n', length) });

        Assert.Equal(ok, violations.Count == 0);
    }

    [Fact]
    public void Validate_NoRoles_IsValid_APartyAwaitingAGrant()
    {
        Assert.Empty(PartyValidator.Validate(Valid with { Roles = [] }));
    }

    [Fact]
    public void Validate_RoleNamedTwice_IsRefusedOnTheRepeat()
    {
        var violations = PartyValidator.Validate(Valid with { Roles = [PartyRole.Inspector, PartyRole.Lab, PartyRole.Inspector] });

        Assert.Equal("roles[2]", Assert.Single(violations).Field);
    }

    [Fact]
    public void Validate_UndefinedRole_IsRefusedAtItsIndex()
    {
        Assert.Equal("roles[1]", Assert.Single(PartyValidator.Validate(Valid with { Roles = [PartyRole.Lab, (PartyRole)9] })).Field);
    }

    [Fact]
    public void Equals_DraftsWithEqualRoleLists_AreEqual()
    {
        var copy = Valid with { Roles = new List<PartyRole> { PartyRole.Lab, PartyRole.Negotiator } };

        Assert.Equal(Valid, copy);
        Assert.Equal(Valid.GetHashCode(), copy.GetHashCode());
    }
}
