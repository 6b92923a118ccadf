namespace Accord.Core.Commitments;

/// <summary>A commitment as a party states it, before the registry accepts it.</summary>
/// <param name="PartyId">The committing party.</param>
/// <param name="Title">A short human-readable title (1 to 200 characters).</param>
/// <param name="Terms">What is promised.</param>
/// <param name="Condition">When set, the commitment binds only once this condition is met.</param>
public sealed record CommitmentDraft(string PartyId, string Title, CommitmentTerms Terms, ActivationCondition? Condition);

/// <summary>Where a commitment is in its life.</summary>
public enum CommitmentStatus
{
    /// <summary>Registered; its activation condition is not yet met.</summary>
    Pending,
    /// <summary>Binding.</summary>
    Active,
    /// <summary>Withdrawn by its party with a signed withdrawal.</summary>
    Withdrawn,
    /// <summary>Its term ended, or its release condition was attested, without a breach.</summary>
    Fulfilled,
    /// <summary>Found breached on evidence.</summary>
    Breached,
}
