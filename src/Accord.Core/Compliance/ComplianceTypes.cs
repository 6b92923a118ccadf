using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Core.Compliance;

/// <summary>Where a verified report (or a notice) sits in the transparency log.</summary>
/// <param name="LogIndex">The entry's index in the log.</param>
/// <param name="LeafHash">The entry's RFC 9162 leaf hash (32 bytes).</param>
public sealed record EvidenceRef(long LogIndex, byte[] LeafHash)
{
    /// <summary>Value equality: same index, same leaf hash bytes.</summary>
    public bool Equals(EvidenceRef? other) =>
        other is not null && (ReferenceEquals(this, other) || (LogIndex == other.LogIndex && LeafHash.AsSpan().SequenceEqual(other.LeafHash)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(LogIndex, LeafHash.Length > 0 ? LeafHash[0] : 0);
}

/// <summary>
/// A monitoring report whose signature, order and physical limits were already verified and which is in
/// the log. The device's own hash is SHA-256 of the UTF-8 device id, as the peers' are.
/// </summary>
/// <param name="PartyId">The party that enrolled the device.</param>
/// <param name="DeviceId">The reporting device.</param>
/// <param name="Model">The device's enrolled model.</param>
/// <param name="WorkloadId">The workload worked on; empty when idle (no run).</param>
/// <param name="IntervalStart">Start of the interval reported (inclusive).</param>
/// <param name="IntervalEnd">End of the interval reported (exclusive, after the start).</param>
/// <param name="ActiveSeconds">Seconds active in the interval.</param>
/// <param name="Utilization">Mean utilisation while active, in [0, 1].</param>
/// <param name="EstimatedFlop">Active seconds x peak dense FLOP/s at <paramref name="Precision"/> x utilisation.</param>
/// <param name="Precision">The precision the FLOP are counted in.</param>
/// <param name="PeerDeviceHashes">SHA-256 of the ids of the peer devices in the same workload, 32 bytes each.</param>
/// <param name="Evidence">The report's log entry.</param>
public sealed record VerifiedReport(
    string PartyId,
    string DeviceId,
    DeviceModel Model,
    string WorkloadId,
    DateTimeOffset IntervalStart,
    DateTimeOffset IntervalEnd,
    double ActiveSeconds,
    double Utilization,
    double EstimatedFlop,
    Precision Precision,
    IReadOnlyList<byte[]> PeerDeviceHashes,
    EvidenceRef Evidence);

/// <summary>A commitment of the ledger's party and the span in which it binds.</summary>
/// <param name="CommitmentId">The commitment's id.</param>
/// <param name="Terms">What it promises.</param>
/// <param name="ActiveFrom">When it became active (its activation condition met, or registration); inclusive.</param>
/// <param name="ActiveUntil">Exclusive end: a fixed end, a withdrawal or an attested release; null while open.</param>
public sealed record ActiveCommitment(string CommitmentId, CommitmentTerms Terms, DateTimeOffset ActiveFrom, DateTimeOffset? ActiveUntil);

/// <summary>A lab's signed notification of a (planned) training run.</summary>
/// <param name="WorkloadId">The workload id the run reports under.</param>
/// <param name="ExpectedFlop">The compute the lab expects the run to use (anticipatory when at or above a threshold).</param>
/// <param name="SignedAt">The signed time of the notice (checked for freshness against the log when it was logged).</param>
/// <param name="Evidence">The notice's log entry.</param>
public sealed record TrainingNotice(string WorkloadId, double ExpectedFlop, DateTimeOffset SignedAt, EvidenceRef Evidence);

/// <summary>Whether a commitment holds on the evidence.</summary>
public enum ComplianceState
{
    /// <summary>No breach found in evidence that covers the commitment up to now.</summary>
    Holds,
    /// <summary>A violation was found; final.</summary>
    Breached,
    /// <summary>
    /// Monitoring evidence cannot decide it (the evaluation says why): the kind is not in the reports, or the
    /// reports that would show it are missing (no declared device, none since it began binding, or silence).
    /// </summary>
    NotVerifiable,
}

/// <summary>A breach of a commitment, with what was measured, the limit and the reports that show it.</summary>
/// <param name="ViolationId">Deterministic: commitment id / rule / subject; raised once.</param>
/// <param name="CommitmentId">The commitment breached.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Rule">Which rule (<see cref="ComplianceRules"/>).</param>
/// <param name="Subject">What breached it: a run id, a period or window, a device.</param>
/// <param name="Measured">The measured value.</param>
/// <param name="Limit">The limit it was measured against.</param>
/// <param name="Unit">The unit of both.</param>
/// <param name="Basis">How the value was obtained (FLOP basis and precision).</param>
/// <param name="Evidence">The log entries of the reports (and notices) that show it.</param>
/// <param name="DetectedAt">When the ledger found it.</param>
/// <param name="Explanation">The finding in words.</param>
public sealed record Violation(
    string ViolationId,
    string CommitmentId,
    CommitmentKind Kind,
    string Rule,
    string Subject,
    double Measured,
    double Limit,
    string Unit,
    string Basis,
    IReadOnlyList<EvidenceRef> Evidence,
    DateTimeOffset DetectedAt,
    string Explanation);

/// <summary>One commitment's standing at a moment.</summary>
/// <param name="CommitmentId">The commitment.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="State">Holds, breached or not verifiable.</param>
/// <param name="Why">The reason, in words.</param>
/// <param name="Measured">The most telling measured value (largest run, current period, last window, ...); null when none.</param>
/// <param name="Limit">The limit; null when the kind has none.</param>
/// <param name="Basis">How the value was obtained.</param>
public sealed record CommitmentEvaluation(string CommitmentId, CommitmentKind Kind, ComplianceState State, string Why, double? Measured, double? Limit, string Basis);

/// <summary>One run as the ledger joined it.</summary>
/// <param name="RunId">The run's id: the first workload id seen of it.</param>
/// <param name="Workloads">Every workload id joined into the run, the run's own first.</param>
/// <param name="JoinReasons">Why workload ids were joined (at most a few, in order), empty when there is one.</param>
/// <param name="TotalFlop">All FLOP reported for the run, as reported.</param>
/// <param name="CommitmentFlop">What the run counts toward the commitment asked about; null when it counts nothing.</param>
public sealed record RunSummary(string RunId, IReadOnlyList<string> Workloads, IReadOnlyList<string> JoinReasons, double TotalFlop, double? CommitmentFlop);

/// <summary>Tuning of a <see cref="ComplianceLedger"/>; persisted with it.</summary>
/// <param name="RunRetention">
/// A run none of whose devices reported for this long is closed and forgotten; a later report with the same
/// workload id starts a new run. Bounds the state by open runs.
/// </param>
/// <param name="ClusterSlot">Devices of a run that report in the same slot of this length are concurrent.</param>
/// <param name="Lateness">
/// How long after a coverage window or aggregate period ends reports for it may still arrive; it is closed
/// (and coverage judged) only then.
/// </param>
public sealed record ComplianceOptions(TimeSpan RunRetention, TimeSpan ClusterSlot, TimeSpan Lateness)
{
    /// <summary>30 days, 1 minute, 5 minutes; silence allowed 15 minutes.</summary>
    public static ComplianceOptions Default { get; } = new(TimeSpan.FromDays(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    /// <summary>
    /// How long the newest verified report from a declared device may lie behind the time of an evaluation
    /// before a compute commitment's evidence is said to stop there (it is then not verifiable, unless
    /// breached). 15 minutes unless set.
    /// </summary>
    public TimeSpan Silence { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>The rule names a <see cref="Violation"/> carries.</summary>
public static class ComplianceRules
{
    /// <summary>A run used more than the per-run cap.</summary>
    public const string RunCap = "run-cap";
    /// <summary>A period's total exceeded the aggregate cap.</summary>
    public const string AggregateCap = "aggregate-cap";
    /// <summary>A run's concurrent cluster exceeded the size cap.</summary>
    public const string ClusterSize = "cluster-size";
    /// <summary>A run above the pause scope accrued compute inside the pause window.</summary>
    public const string Pause = "pause";
    /// <summary>A run crossed the threshold without a notice signed the notice period before.</summary>
    public const string NoticeBeforeThreshold = "notice-before-threshold";
    /// <summary>No notice was signed within the notice period after a run crossed the threshold.</summary>
    public const string NoticeAfterThreshold = "notice-after-threshold";
    /// <summary>Too few declared devices reported in a window.</summary>
    public const string Coverage = "coverage";
    /// <summary>A run in the monitored band used a device that is not declared.</summary>
    public const string MonitoredBand = "monitored-band";
}
