namespace Accord.Core.Monitoring;

/// <summary>
/// A stretch of time a device owes evidence for: reports it numbered but never delivered (a sequence gap),
/// or a silence longer than the policy allows.
/// </summary>
/// <param name="BootEpoch">The epoch of the report that revealed it.</param>
/// <param name="FirstSequence">
/// Sequence gap: the first missing sequence. Silence: the last sequence heard before it (0 when none in
/// this epoch).
/// </param>
/// <param name="LastSequence">
/// Sequence gap: the last missing sequence. Silence: the sequence of the report that ended it.
/// </param>
/// <param name="From">
/// Sequence gap: the end of the last report before it (the gap's report's start when the device never
/// reported before). Silence: when the device went silent (<see cref="Liveness.SilentSince"/>).
/// </param>
/// <param name="Until">The start of the report that ended it; null while it is still open.</param>
/// <param name="Kind"><see cref="MissingEvidenceKinds.SequenceGap"/> or <see cref="MissingEvidenceKinds.Silent"/>.</param>
public sealed record MissingEvidence(
    ulong BootEpoch,
    ulong FirstSequence,
    ulong LastSequence,
    DateTimeOffset From,
    DateTimeOffset? Until,
    string Kind);

/// <summary>The values of <see cref="MissingEvidence.Kind"/>.</summary>
public static class MissingEvidenceKinds
{
    /// <summary>Reports were numbered but never delivered.</summary>
    public const string SequenceGap = "sequence gap";

    /// <summary>The device reported nothing for longer than the policy allows.</summary>
    public const string Silent = "silent";
}
