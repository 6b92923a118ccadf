namespace Accord.Simulation;

/// <summary>
/// One curve of detections.svg: per cheating strategy, the share of its party-runs in which the cheater had been
/// caught within d days of beginning to cheat; for false alarms, the share of compliant party-runs with at least
/// one finding within d days of the horizon's start.
/// </summary>
/// <param name="Series">The strategy's name, or "false alarms (compliant parties)".</param>
/// <param name="Strategy">The strategy; null for the false-alarm curve.</param>
/// <param name="Cases">Party-runs the share is of.</param>
/// <param name="CumulativeShare">Index d: the share caught (or falsely accused) within d days (hours &lt;= 24 d), d = 0, 1, ...</param>
public sealed record DetectionTimeline(string Series, Strategy? Strategy, int Cases, IReadOnlyList<double> CumulativeShare);

/// <summary>Builds the detection curves from every run's outcomes.</summary>
public static class DetectionTimelines
{
    /// <summary>The series name of the false-alarm curve.</summary>
    public const string FalseAlarmSeries = "false alarms (compliant parties)";

    /// <summary>
    /// One curve per cheating strategy present, over days 0 to ceil(horizon - the earliest day any party of that
    /// strategy starts cheating); then, when the scenario has compliant parties, the false-alarm curve over days 0
    /// to ceil(horizon).
    /// </summary>
    public static IReadOnlyList<DetectionTimeline> Build(Scenario scenario, IReadOnlyList<RunOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(outcomes);
        var curves = new List<DetectionTimeline>();
        foreach (var strategy in Enum.GetValues<Strategy>().Where(s => s != Strategy.Compliant))
        {
            var cases = outcomes.SelectMany(o => o.Parties).Where(p => p.Strategy == strategy).ToList();
            if (cases.Count == 0)
            {
                continue;
            }

            var from = scenario.Parties.Where(p => p.Acts.Strategy == strategy).Min(p => p.Acts.FromDay);
            var days = (int)Math.Ceiling(Math.Max(0, scenario.HorizonDays - from));
            curves.Add(new DetectionTimeline(strategy.ToString(), strategy, cases.Count, Cumulative([.. cases.Select(c => c.DetectedAfterHours)], days)));
        }

        var compliant = outcomes.SelectMany(o => o.Parties).Where(p => p.Strategy == Strategy.Compliant).ToList();
        if (compliant.Count > 0)
        {
            var days = (int)Math.Ceiling(scenario.HorizonDays);
            curves.Add(new DetectionTimeline(FalseAlarmSeries, null, compliant.Count, Cumulative([.. compliant.Select(c => c.FirstFalseAlarmHours)], days)));
        }

        return curves;
    }

    private static double[] Cumulative(double?[] hours, int days)
    {
        var share = new double[days + 1];
        for (var d = 0; d <= days; d++)
        {
            share[d] = (double)hours.Count(h => h is { } v && v <= 24.0 * d) / hours.Length;
        }

        return share;
    }
}
