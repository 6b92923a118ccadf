using Accord.Core.Registry;

namespace Accord.Core.Commitments;

/// <summary>How a conditional commitment relates to the agreement it names.</summary>
public static class ActivationConditions
{
    /// <summary>
    /// The violations of <paramref name="condition"/> against the parties of the agreement it names:
    /// every named party must be a party to it, and a threshold must be 1 &lt;= k &lt;= n.
    /// </summary>
    public static IReadOnlyList<FieldViolation> ValidateAgainst(ActivationCondition condition, IReadOnlyCollection<string> agreementPartyIds)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(agreementPartyIds);
        var violations = new List<FieldViolation>();
        var parties = agreementPartyIds.ToHashSet(StringComparer.Ordinal);
        switch (condition.Requirement)
        {
            case AllOfParties all:
                for (var i = 0; i < all.PartyIds.Count; i++)
                {
                    if (!parties.Contains(all.PartyIds[i]))
                    {
                        violations.Add(new(
                            $"condition.parties.party_ids[{i}]",
                            $"'{TextRules.Truncate(all.PartyIds[i])}' is not a party to agreement '{condition.AgreementId}'"));
                    }
                }

                break;
            case AtLeastParties atLeast:
                if (atLeast.K < 1 || atLeast.K > parties.Count)
                {
                    violations.Add(new(
                        "condition.threshold",
                        $"threshold must be 1 to {parties.Count}, the number of parties to agreement '{condition.AgreementId}' (got {atLeast.K})"));
                }

                break;
            default:
                violations.Add(new("condition.rule", "set either parties or threshold"));
                break;
        }

        return violations;
    }

    /// <summary>
    /// Whether the agreement's <paramref name="signers"/> meet <paramref name="condition"/>: every named
    /// party has signed, or at least k distinct parties have.
    /// </summary>
    public static bool IsMet(ActivationCondition condition, IReadOnlyCollection<string> signers)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(signers);
        var signed = signers.ToHashSet(StringComparer.Ordinal);
        return condition.Requirement switch
        {
            AllOfParties all => all.PartyIds.Count > 0 && all.PartyIds.All(signed.Contains),
            AtLeastParties atLeast => atLeast.K >= 1 && signed.Count >= atLeast.K,
            _ => false,
        };
    }
}
