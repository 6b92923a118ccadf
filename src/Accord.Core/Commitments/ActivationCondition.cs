namespace Accord.Core.Commitments;

/// <summary>Whose signatures on an agreement a conditional commitment waits for: exactly one of the subtypes.</summary>
public abstract record ActivationRequirement;

/// <summary>Every one of these parties (each a party to the agreement) has signed.</summary>
/// <param name="PartyIds">The parties, each named once. Compared in order.</param>
public sealed record AllOfParties(IReadOnlyList<string> PartyIds) : ActivationRequirement
{
    /// <summary>Value equality over the party ids, in order.</summary>
    public bool Equals(AllOfParties? other) =>
        other is not null && (ReferenceEquals(this, other) || PartyIds.SequenceEqual(other.PartyIds, StringComparer.Ordinal));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in PartyIds)
        {
            hash.Add(id, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}

/// <summary>At least <paramref name="K"/> of the agreement's parties have signed (1 &lt;= k &lt;= n).</summary>
/// <param name="K">How many signatures are needed.</param>
public sealed record AtLeastParties(int K) : ActivationRequirement;

/// <summary>A commitment binds only once the requirement is met on the named agreement.</summary>
/// <param name="AgreementId">The agreement whose signatures count.</param>
/// <param name="Requirement">Whose signatures are needed.</param>
public sealed record ActivationCondition(string AgreementId, ActivationRequirement Requirement);
