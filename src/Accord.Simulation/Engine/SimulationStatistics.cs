using Accord.Simulation.Models;

namespace Accord.Simulation.Engine;

/// <summary>
/// The Monte Carlo statistics (docs/simulation.md, "Results"): per strategy the detection rate and hours to
/// detection, false alarms, the share of runs the agreement held and of runs with a commitment not verifiable,
/// compute held back, and the inspection game, race and feedback models for the scenario.
/// </summary>
internal static class SimulationStatistics
{
    /// <summary>The result of <paramref name="runs"/> runs of <paramref name="scenario"/> with their outcomes and run 0's trajectories.</summary>
public static SimulationResult Summarise(Scenario scenario, int runs, int seed, RunOutcome[] outcomes, Trajectory[] trajectories)
{
    var strategies = new List<StrategyStats>();
    foreach (var strategy in Enum.GetValues<Strategy>().Where(s => s != Strategy.Compliant))
    {
        var cases = outcomes.SelectMany(o => o.Parties).Where(p => p.Strategy == strategy).ToList();
        if (cases.Count == 0)
        {
            continue;
        }

        var found = cases.Where(c => c.DetectedAfterHours is not null).Select(c => c.DetectedAfterHours!.Value).Order().ToList();
        var by = cases.Where(c => c.DetectedBy is not null).GroupBy(c => c.DetectedBy!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        strategies.Add(new StrategyStats(
            strategy,
            cases.Count,
            (double)found.Count / cases.Count,
            found.Count > 0 ? found.Average() : null,
            found.Count > 0 ? found[found.Count / 2] : null,
            by));
    }

    var falseAlarms = outcomes.Sum(o => o.Parties.Sum(p => p.FalseAlarms));
    var heldBack = outcomes.Average(o =>
    {
        var free = o.Parties.Sum(p => p.UnconstrainedFlop);
        return free > 0 ? 1 - (o.Parties.Sum(p => p.Flop) / free) : 0;
    });

    var agreement = scenario.Agreement;
    var inspections = agreement.Inspections ?? new InspectionTerms();
    var sanctions = agreement.Sanctions ?? new SanctionTerms();
    var years = scenario.HorizonDays / 365.0;
    var deterrence = scenario.Parties.Select(p =>
    {
        var chips = p.Fleets.Sum(f => f.Count);
        var diverted = (int)Math.Clamp(Math.Round(chips * (p.Acts.Strategy == Strategy.Compliant ? 0.1 : p.Acts.Share)), 1, chips);
        var falseRate = (double)outcomes.Count(o => o.Parties.Any(q => q.PartyId == p.Id && q.FalseAlarms > 0)) / runs;
        return new PartyDeterrence(p.Id, InspectionModel.Assess(
            chips, diverted, inspections.ChipsSampled, (int)Math.Round(inspections.PerYear * years), sanctions.Gain, sanctions.Sanction, sanctions.FalseAlarmLoss, falseRate));
    }).ToList();

    var race = scenario.Race ?? new RaceParameters(scenario.Parties.Count, 1.0, 1.0);
    var verified = scenario.Parties.Count(p => p.Acts.Strategy == Strategy.Compliant);
    var raceWith = RaceModel.UnderAgreement(race, verified, CapEffect.MergeVerifiedTeams);
    var raceResult = new RaceComparison(race, RaceModel.DisasterProbability(race), raceWith, RaceModel.DisasterProbability(raceWith), CapEffect.MergeVerifiedTeams);

    double? capPerDay = agreement.AggregateCapFlop is { } cap ? cap / agreement.AggregatePeriodDays : null;
    return new SimulationResult(
        scenario.Name,
        runs,
        seed,
        (double)outcomes.Count(o => o.Holds) / runs,
        (double)outcomes.Count(o => o.NotVerifiable) / runs,
        strategies,
        falseAlarms,
        (double)outcomes.Count(o => o.Parties.Any(p => p.FalseAlarms > 0)) / runs,
        heldBack,
        outcomes.Average(o => (double)o.Reports),
        outcomes.Average(o => (double)o.Signed),
        outcomes.Sum(o => o.Parties.Sum(p => p.Rejected)),
        deterrence,
        raceResult,
        SafetyFeedbackModel.Compare(scenario.Feedback ?? new SafetyFeedbackParameters(), FeedbackAgreement.Of(agreement)),
        capPerDay,
        trajectories,
        DetectionTimelines.Build(scenario, outcomes),
        scenario.Settlement,
        outcomes,
        agreement,
        scenario.HorizonDays);
}
}
