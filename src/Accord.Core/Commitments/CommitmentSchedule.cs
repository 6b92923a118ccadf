namespace Accord.Core.Commitments;

/// <summary>When a commitment's term is fixed to end.</summary>
public static class CommitmentSchedule
{
    /// <summary>
    /// The fixed end of the term of a commitment that became active at <paramref name="activatedAt"/>:
    /// a pause's <see cref="PauseEndsAt.EndsAt"/>; for <see cref="PauseForMonths"/>, its start
    /// (<see cref="PauseWindow.StartsAt"/>, else <paramref name="activatedAt"/>) plus the months; null for
    /// every other commitment, whose term has no fixed end. A months end beyond the calendar is
    /// <see cref="DateTimeOffset.MaxValue"/>; this never throws.
    /// </summary>
    public static DateTimeOffset? EndsAt(CommitmentTerms terms, DateTimeOffset activatedAt)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms is not PauseWindow pause)
        {
            return null;
        }

        switch (pause.End)
        {
            case PauseEndsAt end:
                return end.EndsAt;
            case PauseForMonths months:
                var start = pause.StartsAt ?? activatedAt;
                try
                {
                    return start.AddMonths(months.Months);
                }
                catch (ArgumentOutOfRangeException)
                {
                    return months.Months > 0 ? DateTimeOffset.MaxValue : DateTimeOffset.MinValue;
                }
            default:
                return null;
        }
    }
}
