namespace Accord.Core.Commitments;

/// <summary>
/// The commitment state machine: Pending -&gt; Active -&gt; Fulfilled / Breached / Withdrawn, and
/// Pending -&gt; Withdrawn. Storage records the transitions; these are the rules.
/// </summary>
public static class CommitmentLifecycle
{
    /// <summary>
    /// The status to show at <paramref name="now"/>: an Active commitment whose fixed end has come
    /// (<paramref name="now"/> &gt;= <paramref name="endsAt"/>; the end is exclusive) is Fulfilled;
    /// anything else shows its stored status.
    /// </summary>
    public static CommitmentStatus Effective(CommitmentStatus stored, DateTimeOffset? endsAt, DateTimeOffset now) =>
        stored == CommitmentStatus.Active && endsAt is { } end && now >= end ? CommitmentStatus.Fulfilled : stored;

    /// <summary>Whether a commitment in this effective status may be withdrawn: Pending or Active.</summary>
    public static bool CanWithdraw(CommitmentStatus effective) =>
        effective is CommitmentStatus.Pending or CommitmentStatus.Active;

    /// <summary>
    /// Whether <paramref name="inspectorPartyId"/> may attest <paramref name="condition"/> to release a
    /// commitment: only a pause that ends <see cref="PauseUntilAttested"/>, only by the inspector it names,
    /// only with its condition text repeated exactly (ordinal), only while Pending or Active.
    /// </summary>
    /// <param name="reason">Why not, in words; empty when allowed.</param>
    public static bool CanAttest(CommitmentTerms terms, CommitmentStatus effective, string inspectorPartyId, string condition, out string reason)
    {
        if (terms is not PauseWindow { End: PauseUntilAttested attested })
        {
            reason = "only a pause that ends when a condition is attested can be attested";
            return false;
        }

        if (effective is not (CommitmentStatus.Pending or CommitmentStatus.Active))
        {
            reason = $"the commitment is {effective.ToString().ToLowerInvariant()}; only a pending or active commitment can be attested";
            return false;
        }

        if (!string.Equals(inspectorPartyId, attested.InspectorPartyId, StringComparison.Ordinal))
        {
            reason = $"only inspector '{attested.InspectorPartyId}' can attest this commitment's condition";
            return false;
        }

        if (!string.Equals(condition, attested.Condition, StringComparison.Ordinal))
        {
            reason = "the attested condition must repeat the commitment's condition exactly";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
