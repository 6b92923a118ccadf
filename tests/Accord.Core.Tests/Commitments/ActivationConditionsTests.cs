using Accord.Core.Commitments;

namespace Accord.Core.Tests.Commitments;

public sealed class ActivationConditionsTests
{
    private static readonly string[] AgreementParties = ["lab-a", "lab-b", "lab-c"];

    [Fact]
    public void ValidateAgainst_EveryNamedPartyIsAParty_HasNoViolations()
    {
        var violations = ActivationConditions.ValidateAgainst(Samples.AllOfThree, AgreementParties);

        Assert.Empty(violations);
    }

    [Fact]
    public void ValidateAgainst_NamedPartyOutsideAgreement_IsRefusedAtItsIndex()
    {
        // Arrange
        var condition = new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-z"]));

        // Act
        var violations = ActivationConditions.ValidateAgainst(condition, AgreementParties);

        // Assert
        var violation = Assert.Single(violations);
        Assert.Equal("condition.parties.party_ids[1]", violation.Field);
        Assert.Contains("lab-z", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void ValidateAgainst_Threshold_AcceptedFromOneToPartyCount(int k, bool ok)
    {
        var condition = new ActivationCondition("pause-2027", new AtLeastParties(k));

        var violations = ActivationConditions.ValidateAgainst(condition, AgreementParties);

        if (ok)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal("condition.threshold", Assert.Single(violations).Field);
        }
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "lab-a", "lab-b" }, false)]
    [InlineData(new[] { "lab-a", "lab-b", "lab-d" }, false)]
    [InlineData(new[] { "lab-c", "lab-b", "lab-a" }, true)]
    [InlineData(new[] { "lab-a", "lab-b", "lab-c", "lab-d" }, true)]
    public void IsMet_AllOf_TrueOnlyWhenEveryNamedPartySigned(string[] signers, bool met)
    {
        Assert.Equal(met, ActivationConditions.IsMet(Samples.AllOfThree, signers));
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "lab-a" }, false)]
    [InlineData(new[] { "lab-a", "lab-a" }, false)]
    [InlineData(new[] { "lab-a", "lab-c" }, true)]
    [InlineData(new[] { "lab-a", "lab-b", "lab-c" }, true)]
    public void IsMet_AtLeastTwo_CountsDistinctSigners(string[] signers, bool met)
    {
        var condition = new ActivationCondition("pause-2027", new AtLeastParties(2));

        Assert.Equal(met, ActivationConditions.IsMet(condition, signers));
    }

    [Fact]
    public void IsMet_ComparesPartyIdsOrdinally_CaseMatters()
    {
        Assert.False(ActivationConditions.IsMet(Samples.AllOfThree, ["LAB-A", "lab-b", "lab-c"]));
    }

    [Fact]
    public void Equals_AllOfWithEqualLists_AreEqual()
    {
        // Arrange
        var left = new ActivationCondition("pause-2027", new AllOfParties(["lab-a", "lab-b"]));
        var right = new ActivationCondition("pause-2027", new AllOfParties(new List<string> { "lab-a", "lab-b" }));

        // Act / Assert
        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, right with { Requirement = new AllOfParties(["lab-b", "lab-a"]) });
    }
}
