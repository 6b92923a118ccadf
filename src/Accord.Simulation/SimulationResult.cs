using Accord.Simulation.Models;

namespace Accord.Simulation;

/// <summary>How one party fared in one run.</summary>
/// <param name="PartyId">The party.</param>
/// <param name="Strategy">Its strategy.</param>
/// <param name="DetectedAfterHours">Hours from the start of cheating to the first finding; null when not found.</param>
/// <param name="DetectedBy">The ledger rule or "inspection" that found it; null when not found.</param>
/// <param name="FalseAlarms">Findings against it while it kept every term.</param>
/// <param name="Flop">Compute it actually used.</param>
/// <param name="UnconstrainedFlop">Compute it would have used without the agreement.</param>
/// <param name="Rejected">Reports the ingest rules or the signature check refused.</param>
/// <param name="FirstFalseAlarmHours">Hours from the start of the horizon to its first false alarm; null when none.</param>
/// <param name="NotVerifiable">
/// Its commitments that the ledger, evaluated at the end of every simulated day and of the run, found not
/// verifiable at least once (the evidence that would show them was missing), in order; null or empty when none.
/// </param>
public sealed record PartyOutcome(
    string PartyId,
    Strategy Strategy,
    double? DetectedAfterHours,
    string? DetectedBy,
    int FalseAlarms,
    double Flop,
    double UnconstrainedFlop,
    int Rejected,
    double? FirstFalseAlarmHours = null,
    IReadOnlyList<string>? NotVerifiable = null);

/// <summary>One Monte Carlo run.</summary>
/// <param name="Run">Its index.</param>
/// <param name="Parties">Per party.</param>
/// <param name="Reports">Reports ingested.</param>
/// <param name="Signed">Reports signed and verified with Ed25519.</param>
public sealed record RunOutcome(int Run, IReadOnlyList<PartyOutcome> Parties, long Reports, long Signed)
{
    /// <summary>Some party had a commitment the evidence could not show holding, at some daily evaluation.</summary>
    public bool NotVerifiable => Parties.Any(p => p.NotVerifiable is { Count: > 0 });

    /// <summary>
    /// Every cheater found, no false alarm, and every commitment shown by the evidence at every evaluation: a run
    /// in which a commitment was not verifiable does not count as the agreement holding.
    /// </summary>
    public bool Holds => !NotVerifiable && Parties.All(p => p.FalseAlarms == 0 && (p.Strategy == Strategy.Compliant || p.DetectedAfterHours is not null));
}

/// <summary>A cheating strategy over all runs.</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Cases">Party-runs that used it.</param>
/// <param name="DetectionRate">Share of them found.</param>
/// <param name="MeanHoursToDetection">Mean hours from the start of cheating to the finding, over those found.</param>
/// <param name="MedianHoursToDetection">Median of the same.</param>
/// <param name="DetectedBy">How often each rule (or inspection) found it first.</param>
public sealed record StrategyStats(
    Strategy Strategy, int Cases, double DetectionRate, double? MeanHoursToDetection, double? MedianHoursToDetection, IReadOnlyDictionary<string, int> DetectedBy);

/// <summary>One day of a party's compute in the first run.</summary>
/// <param name="Day">Day index.</param>
/// <param name="Flop">Compute actually used that day.</param>
/// <param name="ReportedFlop">Compute reported that day.</param>
/// <param name="UnconstrainedFlop">Compute it would have used without the agreement.</param>
public sealed record DayPoint(int Day, double Flop, double ReportedFlop, double UnconstrainedFlop);

/// <summary>A party's trajectory in the first run, against the daily share of the aggregate cap.</summary>
/// <param name="PartyId">The party.</param>
/// <param name="Days">One point per day.</param>
public sealed record Trajectory(string PartyId, IReadOnlyList<DayPoint> Days);

/// <summary>Per party, the inspection game's verdict.</summary>
/// <param name="PartyId">The party.</param>
/// <param name="Deterrence">P(detect) per inspection and over the horizon, the threshold, self-enforcing or not.</param>
public sealed record PartyDeterrence(string PartyId, Deterrence Deterrence);

/// <summary>The race model with and without the agreement.</summary>
/// <param name="Without">Parameters without.</param>
/// <param name="DisasterWithout">P(disaster) without.</param>
/// <param name="With">Parameters with (verified teams merged).</param>
/// <param name="DisasterWith">P(disaster) with.</param>
/// <param name="Effect">The modelling choice.</param>
public sealed record RaceComparison(RaceParameters Without, double DisasterWithout, RaceParameters With, double DisasterWith, CapEffect Effect);

/// <summary>What <see cref="SimulationRunner.Run"/> returns.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Runs">Monte Carlo runs.</param>
/// <param name="Seed">The seed.</param>
/// <param name="HoldsProbability">
/// Share of runs in which every cheater was found, no compliant party was falsely accused, and no commitment was
/// ever not verifiable (<see cref="RunOutcome.Holds"/>).
/// </param>
/// <param name="NotVerifiableRunShare">Share of runs in which some party's commitment was not verifiable at some daily evaluation.</param>
/// <param name="Strategies">Per cheating strategy present.</param>
/// <param name="FalseAlarms">Findings against compliant behaviour, over all runs.</param>
/// <param name="FalseAlarmRunShare">Share of runs with at least one.</param>
/// <param name="ComputeHeldBack">1 - compute used / compute without the agreement, all parties, mean over runs.</param>
/// <param name="ReportsPerRun">Reports ingested per run (mean).</param>
/// <param name="SignedPerRun">Reports signed and verified per run (mean).</param>
/// <param name="RejectedReports">Reports refused over all runs.</param>
/// <param name="Deterrence">Per party.</param>
/// <param name="Race">The race model.</param>
/// <param name="Feedback">The feedback loops, without and with the agreement.</param>
/// <param name="CapPerDayFlop">The aggregate cap per day (for the chart); null without one.</param>
/// <param name="Trajectories">Per party, from run 0.</param>
/// <param name="Detections">Per cheating strategy, the cumulative share caught by day since cheating began; and the false alarms of compliant parties by day (detections.svg).</param>
/// <param name="Negotiated">What the mediator settled and which terms it set, when the scenario names a negotiation.</param>
/// <param name="Outcomes">Every run.</param>
/// <param name="Agreement">The agreement terms simulated (negotiated terms included); the report lists them.</param>
/// <param name="HorizonDays">Days simulated.</param>
public sealed record SimulationResult(
    string Scenario,
    int Runs,
    int Seed,
    double HoldsProbability,
    double NotVerifiableRunShare,
    IReadOnlyList<StrategyStats> Strategies,
    int FalseAlarms,
    double FalseAlarmRunShare,
    double ComputeHeldBack,
    double ReportsPerRun,
    double SignedPerRun,
    int RejectedReports,
    IReadOnlyList<PartyDeterrence> Deterrence,
    RaceComparison Race,
    FeedbackComparison Feedback,
    double? CapPerDayFlop,
    IReadOnlyList<Trajectory> Trajectories,
    IReadOnlyList<DetectionTimeline> Detections,
    Settlement? Negotiated,
    IReadOnlyList<RunOutcome> Outcomes,
    AgreementTerms? Agreement = null,
    double HorizonDays = 0);
