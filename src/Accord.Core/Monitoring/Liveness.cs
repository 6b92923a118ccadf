namespace Accord.Core.Monitoring;

/// <summary>
/// When a device counts as silent. The moment it went silent is computed from its last report's end, never
/// from when the server noticed, so that every replica and every inspector derives the same instant.
/// </summary>
public static class Liveness
{
    /// <summary>
    /// When the device went silent: <paramref name="lastReportEnd"/> + <see cref="IngestPolicy.SilenceThreshold"/>,
    /// once <paramref name="now"/> is strictly past that instant; null while it is not (at exactly that instant
    /// the device is not yet silent) or when the device never reported.
    /// </summary>
    public static DateTimeOffset? SilentSince(DateTimeOffset? lastReportEnd, DateTimeOffset now, IngestPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (lastReportEnd is not { } end)
        {
            return null;
        }

        // Differences of two DateTimeOffsets always fit a TimeSpan; end + threshold fits because it is before now.
        var threshold = policy.SilenceThreshold;
        return now - end > threshold ? end + threshold : null;
    }

    /// <summary>
    /// The silence a report ends, judged on the report's own interval: when <paramref name="resumed"/> starts
    /// strictly after the instant the device went silent (<see cref="SilentSince"/> of the last report's end,
    /// taken at the resumed report's start), a <see cref="MissingEvidenceKinds.Silent"/> record from that
    /// instant until the resumed report's start; otherwise null. Reports held back in a spool and delivered
    /// late but with contiguous intervals end no silence: the evidence has no hole.
    /// </summary>
    public static MissingEvidence? ClosedSilence(DeviceReportingState state, ReportFacts resumed, IngestPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(resumed);
        return SilentSince(state.LastIntervalEnd, resumed.IntervalStart, policy) is { } from
            ? new MissingEvidence(resumed.BootEpoch, state.LastSequence, resumed.Sequence, from, resumed.IntervalStart, MissingEvidenceKinds.Silent)
            : null;
    }
}
