using Accord.Core.Commitments;

namespace Accord.Core.Tests.Commitments;

/// <summary>One valid example of each commitment kind, for tests to vary.</summary>
internal static class Samples
{
    public static readonly ComputeMeasure Measure = new(CountingBasis.EstimatedFromUtilization, Precision.Bf16);

    public static readonly DateTimeOffset Start = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TrainingRunComputeCap TrainingRunCap => new(1e26, Measure);

    public static AggregateComputeCap AggregateCap => new(1e27, TimeSpan.FromDays(365), Measure);

    public static ClusterSizeCap ClusterSizeCap => new(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.AllFacilities);

    public static PauseWindow PauseForMonths => new(1e26, null, new PauseForMonths(6), null);

    public static PauseWindow PauseUntilAttested => new(0, null, new PauseUntilAttested("aisi", "ASL-3 safeguards are in place"), "a model reaches ASL-3");

    public static PauseWindow PauseEndsAt => new(1e25, Start, new PauseEndsAt(Start.AddYears(1)), null);

    public static NotifyTraining NotifyTraining => new(1e25, TimeSpan.FromDays(14), NoticeTiming.AfterThreshold, true, "eu-ai-office", Measure);

    public static MonitoringCoverage MonitoringCoverage => new(0.95, TimeSpan.FromHours(1));

    public static MonitoredBand MonitoredBand => new(1e22, 1e24);

    public static InspectionAccess InspectionAccess => new(TimeSpan.FromDays(1), InspectionType.Challenge, 12);

    public static IEnumerable<CommitmentTerms> AllKinds =>
    [
        TrainingRunCap, AggregateCap, ClusterSizeCap, PauseForMonths, PauseUntilAttested, PauseEndsAt,
        NotifyTraining, MonitoringCoverage, MonitoredBand, InspectionAccess,
    ];

    public static ActivationCondition AllOfThree => new("pause-2027", new AllOfParties(["lab-a", "lab-b", "lab-c"]));

    public static CommitmentDraft Draft(CommitmentTerms terms, ActivationCondition? condition = null) =>
        new("lab-a", "A commitment", terms, condition);
}
