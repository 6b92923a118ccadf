namespace Accord.Core.Commitments;

/// <summary>The kinds of commitment the language has; one per <see cref="CommitmentTerms"/> subtype.</summary>
public enum CommitmentKind
{
    /// <summary><see cref="TrainingRunComputeCap"/>.</summary>
    TrainingRunCap,
    /// <summary><see cref="AggregateComputeCap"/>.</summary>
    AggregateCap,
    /// <summary><see cref="Commitments.ClusterSizeCap"/>.</summary>
    ClusterSizeCap,
    /// <summary><see cref="Commitments.PauseWindow"/>.</summary>
    PauseWindow,
    /// <summary><see cref="Commitments.NotifyTraining"/>.</summary>
    NotifyTraining,
    /// <summary><see cref="Commitments.MonitoringCoverage"/>.</summary>
    MonitoringCoverage,
    /// <summary><see cref="Commitments.MonitoredBand"/>.</summary>
    MonitoredBand,
    /// <summary><see cref="Commitments.InspectionAccess"/>.</summary>
    InspectionAccess,
}

/// <summary>What a commitment promises: exactly one kind.</summary>
public abstract record CommitmentTerms
{
    /// <summary>Which kind of commitment this is.</summary>
    public abstract CommitmentKind Kind { get; }
}

/// <summary>No single training run may use more than <paramref name="MaxFlop"/>.</summary>
/// <param name="MaxFlop">The largest compute one run may use, in FLOP (finite, &gt; 0).</param>
/// <param name="Measure">How the FLOP are counted.</param>
public sealed record TrainingRunComputeCap(double MaxFlop, ComputeMeasure Measure) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.TrainingRunCap;
}

/// <summary>All of the party's training compute in each period together stays under <paramref name="MaxFlop"/>.</summary>
/// <param name="MaxFlop">The total compute allowed per period, in FLOP (finite, &gt; 0).</param>
/// <param name="Period">The period length (at least one hour).</param>
/// <param name="Measure">How the FLOP are counted.</param>
public sealed record AggregateComputeCap(double MaxFlop, TimeSpan Period, ComputeMeasure Measure) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.AggregateCap;
}

/// <summary>The unit a cluster size cap is stated in.</summary>
public enum ClusterUnit
{
    /// <summary>Devices counted as H100 equivalents (by peak dense throughput at the precision).</summary>
    H100Equivalents,
    /// <summary>Aggregate peak dense throughput, in FLOP/s.</summary>
    FlopPerSecond,
}

/// <summary>Which clusters a cluster size cap covers.</summary>
public enum ClusterScope
{
    /// <summary>Every cluster the party runs.</summary>
    AllFacilities,
    /// <summary>Only facilities whose devices are not enrolled and reporting.</summary>
    UnmonitoredFacilities,
}

/// <summary>No run uses a cluster larger than the limit at one time.</summary>
/// <param name="Unit">The unit of <paramref name="Limit"/>.</param>
/// <param name="Limit">The largest cluster (finite, &gt; 0).</param>
/// <param name="Precision">The precision the throughput is counted in.</param>
/// <param name="Scope">Which facilities the cap covers.</param>
public sealed record ClusterSizeCap(ClusterUnit Unit, double Limit, Precision Precision, ClusterScope Scope) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.ClusterSizeCap;
}

/// <summary>When a pause ends: exactly one of the subtypes.</summary>
public abstract record PauseEnd;

/// <summary>The pause ends at a fixed time (after its start).</summary>
/// <param name="EndsAt">The end, exclusive.</param>
public sealed record PauseEndsAt(DateTimeOffset EndsAt) : PauseEnd;

/// <summary>The pause ends this many calendar months after its start (1 to 600).</summary>
/// <param name="Months">The length in calendar months.</param>
public sealed record PauseForMonths(int Months) : PauseEnd;

/// <summary>The pause ends when the named inspector signs that the condition is met.</summary>
/// <param name="InspectorPartyId">The inspector party that must attest.</param>
/// <param name="Condition">The condition, in words; an attestation must repeat it exactly.</param>
public sealed record PauseUntilAttested(string InspectorPartyId, string Condition) : PauseEnd;

/// <summary>No run above <paramref name="ScopeMinFlop"/> accrues compute inside the window.</summary>
/// <param name="ScopeMinFlop">Runs whose total compute is above this many FLOP are paused (0 pauses every run).</param>
/// <param name="StartsAt">When the pause starts; null: when the commitment becomes active.</param>
/// <param name="End">When the pause ends.</param>
/// <param name="Trigger">The capability trigger that puts the pause in force, in words; null if none.</param>
public sealed record PauseWindow(double ScopeMinFlop, DateTimeOffset? StartsAt, PauseEnd End, string? Trigger) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.PauseWindow;
}

/// <summary>When a notification is due relative to the threshold.</summary>
public enum NoticeTiming
{
    /// <summary>At least the notice period before training crosses the threshold.</summary>
    BeforeThreshold,
    /// <summary>Within the notice period after the threshold is crossed (or, if anticipatory, known to be crossed).</summary>
    AfterThreshold,
}

/// <summary>Notify before (or soon after) a run crosses a compute threshold.</summary>
/// <param name="ThresholdFlop">The compute threshold in FLOP (finite, &gt; 0).</param>
/// <param name="NoticePeriod">The notice period (not negative).</param>
/// <param name="Timing">Whether the period runs before or after the crossing.</param>
/// <param name="Anticipatory">Whether a run that will foreseeably cross the threshold must be notified before it does.</param>
/// <param name="NotifyPartyId">Who is notified (a party id); null if nobody in particular (e.g. publication).</param>
/// <param name="Measure">How the FLOP are counted.</param>
public sealed record NotifyTraining(
    double ThresholdFlop,
    TimeSpan NoticePeriod,
    NoticeTiming Timing,
    bool Anticipatory,
    string? NotifyPartyId,
    ComputeMeasure Measure) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.NotifyTraining;
}

/// <summary>A minimum share of the party's declared devices report in every window.</summary>
/// <param name="MinShare">The minimum share, in (0, 1].</param>
/// <param name="Window">The window over which a device must report at least once (at least one minute).</param>
public sealed record MonitoringCoverage(double MinShare, TimeSpan Window) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.MonitoringCoverage;
}

/// <summary>Runs between <paramref name="MinFlop"/> and <paramref name="MaxFlop"/> may use only enrolled, reporting devices.</summary>
/// <param name="MinFlop">Lower bound of the band in FLOP (finite, &gt;= 0).</param>
/// <param name="MaxFlop">Upper bound of the band in FLOP (finite, &gt; MinFlop).</param>
public sealed record MonitoredBand(double MinFlop, double MaxFlop) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.MonitoredBand;
}

/// <summary>The kind of inspection a party grants.</summary>
public enum InspectionType
{
    /// <summary>Scheduled inspections.</summary>
    Routine,
    /// <summary>Short-notice challenge inspections.</summary>
    Challenge,
}

/// <summary>The party admits inspectors at the stated notice.</summary>
/// <param name="NoticePeriod">The longest notice an inspector must give (not negative).</param>
/// <param name="Type">Routine or challenge inspections.</param>
/// <param name="MaxPerYear">The most inspections per year the party must admit; 0 means no limit.</param>
public sealed record InspectionAccess(TimeSpan NoticePeriod, InspectionType Type, int MaxPerYear) : CommitmentTerms
{
    /// <inheritdoc />
    public override CommitmentKind Kind => CommitmentKind.InspectionAccess;
}
