using Accord.Core.Commitments;
using Accord.Core.Registry;

namespace Accord.Core.Agreements;

/// <summary>The registry's rules for a proposed agreement on its own, by proto field path.</summary>
public static class AgreementValidator
{
    /// <summary>Every violation in <paramref name="draft"/>; empty when it may be proposed.</summary>
    public static IReadOnlyList<FieldViolation> Validate(AgreementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var v = new List<FieldViolation>();
        TextRules.CheckSlug(v, "agreement_id", draft.AgreementId, "agreement id");
        TextRules.CheckLine(v, "title", draft.Title, AgreementLimits.MaxTitleLength, "title");
        if (draft.Text is null || draft.Text.Length > AgreementLimits.MaxTextLength)
        {
            v.Add(new("text", $"text must be at most {AgreementLimits.MaxTextLength} characters (got {draft.Text?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})"));
        }

        CommitmentValidator.CheckPartyList(v, "party_ids", draft.PartyIds, AgreementLimits.MinParties, AgreementLimits.MaxParties);
        var partyCount = draft.PartyIds?.Count ?? 0;
        switch (draft.Rule)
        {
            case AllParties:
                break;
            case ThresholdParties threshold:
                if (threshold.K < 1 || threshold.K > partyCount)
                {
                    v.Add(new("rule.threshold", $"threshold must be 1 to {partyCount}, the number of parties (got {threshold.K})"));
                }

                break;
            default:
                v.Add(new("rule", "set either all or threshold"));
                break;
        }

        return v;
    }
}

/// <summary>When an agreement is in force.</summary>
public static class AgreementRules
{
    /// <summary>
    /// Whether an agreement with <paramref name="partyCount"/> parties, <paramref name="signedCount"/> of
    /// whom have signed, is active under <paramref name="rule"/>.
    /// </summary>
    public static bool IsActive(AgreementActivation rule, int signedCount, int partyCount) => rule switch
    {
        AllParties => partyCount > 0 && signedCount >= partyCount,
        ThresholdParties threshold => threshold.K >= 1 && signedCount >= threshold.K,
        _ => false,
    };
}
