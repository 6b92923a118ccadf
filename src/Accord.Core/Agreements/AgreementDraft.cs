namespace Accord.Core.Agreements;

/// <summary>How many of an agreement's parties must sign before it activates: exactly one of the subtypes.</summary>
public abstract record AgreementActivation;

/// <summary>Every party must sign.</summary>
public sealed record AllParties : AgreementActivation;

/// <summary>At least <paramref name="K"/> parties must sign (1 &lt;= k &lt;= n).</summary>
/// <param name="K">How many signatures activate the agreement.</param>
public sealed record ThresholdParties(int K) : AgreementActivation;

/// <summary>An agreement as proposed, before the registry accepts it.</summary>
/// <param name="AgreementId">The agreement id, a slug unique in the registry.</param>
/// <param name="Title">A short title (1 to 200 characters).</param>
/// <param name="Text">The full text (at most 100000 characters).</param>
/// <param name="PartyIds">The parties (2 to 100, each named once). Compared in order.</param>
/// <param name="Rule">When the agreement activates.</param>
public sealed record AgreementDraft(string AgreementId, string Title, string Text, IReadOnlyList<string> PartyIds, AgreementActivation Rule)
{
    /// <summary>Value equality, with the party ids compared in order.</summary>
    public bool Equals(AgreementDraft? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (AgreementId == other.AgreementId
                && Title == other.Title
                && Text == other.Text
                && Equals(Rule, other.Rule)
                && PartyIds.SequenceEqual(other.PartyIds, StringComparer.Ordinal)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(AgreementId);
        hash.Add(Title);
        hash.Add(Text);
        hash.Add(Rule);
        foreach (var id in PartyIds)
        {
            hash.Add(id, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
