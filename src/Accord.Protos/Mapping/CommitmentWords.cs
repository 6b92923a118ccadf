using Accord.Core.Commitments;

namespace Accord.Protos.Mapping;

/// <summary>A commitment's terms and condition as the wire carries them, in the plain words of <see cref="CommitmentText"/>.</summary>
public static class CommitmentWords
{
    /// <summary>"Pause runs above 1e26 FLOP (BF16) for 6 months ..."; "(unreadable terms)" when they do not map.</summary>
    public static string Promise(V1.CommitmentTerms terms)
    {
        var mapped = CommitmentMapping.ToDomain(terms);
        return mapped.Ok ? CommitmentText.Describe(mapped.Value!) : "(unreadable terms)";
    }

    /// <summary>"none" without a condition, else the condition in words.</summary>
    public static string Condition(V1.ActivationCondition? condition)
    {
        if (condition is null)
        {
            return "none";
        }

        var mapped = CommitmentMapping.ToDomain(condition);
        return mapped.Ok && mapped.Value is { } c ? CommitmentText.Describe(c) : "(unreadable condition)";
    }

    /// <summary>A status as one lowercase word: "pending", "active", "withdrawn", "fulfilled", "breached" ("unknown" if unset).</summary>
    public static string Status(V1.CommitmentStatus status) =>
        CommitmentMapping.ToDomain(status) is { } known ? known.ToString().ToLowerInvariant() : "unknown";

    /// <summary>A party role as people read it: "lab", "inspector", "negotiator" ("unknown" if unset).</summary>
    public static string Role(V1.PartyRole role) =>
        PartyMapping.ToDomain(role) is { } known ? Core.Parties.GovernanceRules.Name(known) : "unknown";
}
