using Accord.Core.Agreements;
using Accord.Core.Registry;

namespace Accord.Core.Tests.Agreements;

public sealed class AgreementValidatorTests
{
    private static readonly AgreementDraft Valid = new(
        "pause-2027",
        "Conditional pause of 2027",
        "Each party pauses runs above 1e26 FLOP for six months once all have signed.",
        ["lab-a", "lab-b", "lab-c"],
        new AllParties());

    [Fact]
    public void Validate_WellFormedDraft_HasNoViolations()
    {
        Assert.Empty(AgreementValidator.Validate(Valid));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Validate_Threshold_AcceptedFromOneToPartyCount(int k, bool ok)
    {
        var violations = AgreementValidator.Validate(Valid with { Rule = new ThresholdParties(k) });

        AssertOutcome(violations, ok, "rule.threshold");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_PartyCount_AcceptedFromTwoToHundred(int count, bool ok)
    {
        var parties = Enumerable.Range(0, count).Select(i => $"lab-{i}").ToArray();

        var violations = AgreementValidator.Validate(Valid with { PartyIds = parties });

        AssertOutcome(violations, ok, "party_ids");
    }

    [Fact]
    public void Validate_PartyNamedTwice_IsRefusedOnTheRepeat()
    {
        var violations = AgreementValidator.Validate(Valid with { PartyIds = ["lab-a", "lab-b", "lab-b"] });

        Assert.Equal("party_ids[2]", Assert.Single(violations).Field);
    }

    [Fact]
    public void Validate_InvalidPartyId_IsRefusedAtItsIndex()
    {
        var violations = AgreementValidator.Validate(Valid with { PartyIds = ["lab-a", "Lab B"] });

        Assert.Equal("party_ids[1]", Assert.Single(violations).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Pause-2027")]
    [InlineData("-pause")]
    public void Validate_InvalidAgreementId_IsRefused(string id)
    {
        Assert.Equal("agreement_id", Assert.Single(AgreementValidator.Validate(Valid with { AgreementId = id })).Field);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Validate_TitleLength_AcceptedFromOneToTwoHundred(int length, bool ok)
    {
        AssertOutcome(AgreementValidator.Validate(Valid with { Title = new string('t', length) }), ok, "title");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void Validate_TextLength_AcceptedUpToOneHundredThousand(int length, bool ok)
    {
        AssertOutcome(AgreementValidator.Validate(Valid with { Text = new string('x', length) }), ok, "text");
    }

    [Fact]
    public void Validate_MissingRule_IsRefusedOnRule()
    {
        Assert.Equal("rule", Assert.Single(AgreementValidator.Validate(Valid with { Rule = null! })).Field);
    }

    [Fact]
    public void Equals_DraftsWithEqualPartyLists_AreEqual()
    {
        var copy = Valid with { PartyIds = new List<string> { "lab-a", "lab-b", "lab-c" } };

        Assert.Equal(Valid, copy);
        Assert.Equal(Valid.GetHashCode(), copy.GetHashCode());
    }

    [Theory]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, true)]
    public void IsActive_AllParties_OnlyWhenEverySigned(int signed, int parties, bool active)
    {
        Assert.Equal(active, AgreementRules.IsActive(new AllParties(), signed, parties));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void IsActive_TwoOfThree_FromTheSecondSignature(int signed, bool active)
    {
        Assert.Equal(active, AgreementRules.IsActive(new ThresholdParties(2), signed, 3));
    }

    private static void AssertOutcome(IReadOnlyList<FieldViolation> violations, bool ok, string field)
    {
        if (ok)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(field, Assert.Single(violations).Field);
        }
    }
}
