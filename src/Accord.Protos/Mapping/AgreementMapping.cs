using Accord.Core.Agreements;
using Accord.Core.Registry;

namespace Accord.Protos.Mapping;

/// <summary>Maps agreements between <c>accord.v1</c> messages and <c>Accord.Core.Agreements</c>; proto to domain never throws.</summary>
public static class AgreementMapping
{
    /// <summary>
    /// The draft a signed <see cref="V1.AgreementProposal"/> states, mapped and then checked by
    /// <see cref="AgreementValidator"/>. Every violation found is reported at once.
    /// </summary>
    public static Mapped<AgreementDraft> ToDraft(V1.AgreementProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var v = new List<FieldViolation>();
        var rule = MapRule(proposal.Rule, "rule", v);

        // With the rule unmappable, the other fields are still checked; AllParties adds no violation of its own.
        var draft = new AgreementDraft(proposal.AgreementId, proposal.Title, proposal.Text, proposal.PartyIds.ToArray(), rule ?? new AllParties());
        v.AddRange(AgreementValidator.Validate(draft));
        return Mapped.From(rule is null ? null : draft, v);
    }

    /// <summary>The domain activation rule of <paramref name="rule"/>; null when unset or invalid (<c>all = false</c>, an oversized threshold).</summary>
    public static AgreementActivation? ToDomain(V1.ActivationRule? rule) => MapRule(rule, "rule", []);

    /// <summary>The proto form of <paramref name="rule"/>.</summary>
    public static V1.ActivationRule ToProto(AgreementActivation rule) => rule switch
    {
        AllParties => new() { All = true },
        ThresholdParties { K: >= 0 } t => new() { Threshold = (uint)t.K },
        ThresholdParties t => throw new ArgumentOutOfRangeException(nameof(rule), t.K, "threshold must not be negative"),
        null => throw new ArgumentNullException(nameof(rule)),
        _ => throw new ArgumentException($"unknown activation rule {rule.GetType().Name}", nameof(rule)),
    };

    private static AgreementActivation? MapRule(V1.ActivationRule? rule, string field, List<FieldViolation> v)
    {
        switch (rule?.RuleCase)
        {
            case V1.ActivationRule.RuleOneofCase.All when rule.All:
                return new AllParties();
            case V1.ActivationRule.RuleOneofCase.All:
                v.Add(new(field + ".all", "all must be true when set; use threshold for k of n"));
                return null;
            case V1.ActivationRule.RuleOneofCase.Threshold:
                return ProtoValues.ToInt(rule.Threshold, field + ".threshold", v) is { } k ? new ThresholdParties(k) : null;
            default:
                v.Add(new(field, "set either all or threshold"));
                return null;
        }
    }
}
