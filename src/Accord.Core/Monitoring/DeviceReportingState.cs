namespace Accord.Core.Monitoring;

/// <summary>
/// What a device grain keeps for ingest: the current reporting key's epoch, the last accepted sequence and
/// interval end, totals, and the sequence gaps and silences recorded so far (oldest first).
/// </summary>
/// <param name="BootEpoch">The epoch of the device's current reporting key.</param>
/// <param name="LastSequence">The last sequence accepted in this epoch; 0 when none yet.</param>
/// <param name="LastIntervalEnd">The end of the last accepted report (of any epoch); null when never reported.</param>
/// <param name="Reports">Reports accepted.</param>
/// <param name="TotalFlop">Sum of the accepted reports' estimated FLOP.</param>
/// <param name="TotalActiveSeconds">Sum of the accepted reports' active seconds.</param>
/// <param name="Gaps">Sequence gaps and silences recorded, in the order found.</param>
public sealed record DeviceReportingState(
    ulong BootEpoch,
    ulong LastSequence,
    DateTimeOffset? LastIntervalEnd,
    ulong Reports,
    double TotalFlop,
    double TotalActiveSeconds,
    IReadOnlyList<MissingEvidence> Gaps)
{
    /// <summary>
    /// A fresh state for <paramref name="epoch"/>: no report yet in it, no totals, no gaps. Pass the last
    /// report's end from before (null if the device never reported) so that overlaps and silences across
    /// the reboot are still caught. To keep totals and gaps across a reboot use <see cref="StartEpoch"/>.
    /// </summary>
    public static DeviceReportingState ForEpoch(ulong epoch, DateTimeOffset? lastIntervalEnd) =>
        new(epoch, 0, lastIntervalEnd, 0, 0, 0, []);

    /// <summary>
    /// This state moved to a newer reporting key's <paramref name="epoch"/>: sequence back to 0, last
    /// interval end, totals and gaps kept.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is not after <see cref="BootEpoch"/>.</exception>
    public DeviceReportingState StartEpoch(ulong epoch) =>
        epoch > BootEpoch
            ? this with { BootEpoch = epoch, LastSequence = 0 }
            : throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"The new epoch must be after {BootEpoch}.");

    /// <summary>Value equality, comparing <see cref="Gaps"/> element by element.</summary>
    public bool Equals(DeviceReportingState? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (BootEpoch == other.BootEpoch
                && LastSequence == other.LastSequence
                && LastIntervalEnd == other.LastIntervalEnd
                && Reports == other.Reports
                && TotalFlop.Equals(other.TotalFlop)
                && TotalActiveSeconds.Equals(other.TotalActiveSeconds)
                && Gaps.SequenceEqual(other.Gaps)));

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(BootEpoch);
        hash.Add(LastSequence);
        hash.Add(LastIntervalEnd);
        hash.Add(Reports);
        hash.Add(TotalFlop);
        hash.Add(TotalActiveSeconds);
        foreach (var gap in Gaps)
        {
            hash.Add(gap);
        }

        return hash.ToHashCode();
    }
}
