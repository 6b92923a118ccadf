using Accord.Core.Registry;

namespace Accord.Core.Parties;

/// <summary>What a party does in Accord.</summary>
public enum PartyRole
{
    /// <summary>An AI lab: registers devices and commitments, signs agreements.</summary>
    Lab,
    /// <summary>An inspector: verifies evidence, attests conditions, issues verdicts.</summary>
    Inspector,
    /// <summary>A negotiator: proposes agreements and runs negotiations.</summary>
    Negotiator,
}

/// <summary>A party as it registers itself, before the registry accepts it.</summary>
/// <param name="PartyId">The party id, a slug.</param>
/// <param name="DisplayName">A human-readable name (1 to 200 characters).</param>
/// <param name="Roles">The roles it claims (each once; only <see cref="PartyRole.Lab"/> may be claimed, see <see cref="GovernanceRules.CheckClaimedRoles"/>). Compared in order.</param>
public sealed record PartyDraft(string PartyId, string DisplayName, IReadOnlyList<PartyRole> Roles)
{
    /// <summary>Value equality, with the roles compared in order.</summary>
    public bool Equals(PartyDraft? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (PartyId == other.PartyId && DisplayName == other.DisplayName && Roles.SequenceEqual(other.Roles)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PartyId);
        hash.Add(DisplayName);
        foreach (var role in Roles)
        {
            hash.Add(role);
        }

        return hash.ToHashCode();
    }
}

/// <summary>The registry's rules for a party registration, by proto field path.</summary>
public static class PartyValidator
{
    /// <summary>The longest display name.</summary>
    public const int MaxDisplayNameLength = 200;

    /// <summary>Every violation in <paramref name="draft"/>; empty when it may register.</summary>
    public static IReadOnlyList<FieldViolation> Validate(PartyDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var v = new List<FieldViolation>();
        TextRules.CheckSlug(v, "header.party_id", draft.PartyId, "party id");
        TextRules.CheckLine(v, "display_name", draft.DisplayName, MaxDisplayNameLength, "display name");
        if (draft.Roles is null)
        {
            v.Add(new("roles", "roles are required (an empty list for none)"));
            return v;
        }

        var seen = new HashSet<PartyRole>();
        for (var i = 0; i < draft.Roles.Count; i++)
        {
            var role = draft.Roles[i];
            if (!Enum.IsDefined(role))
            {
                v.Add(new($"roles[{i}]", $"unknown role {role}"));
            }
            else if (!seen.Add(role))
            {
                v.Add(new($"roles[{i}]", $"role {role} is named more than once"));
            }
        }

        return v;
    }
}
