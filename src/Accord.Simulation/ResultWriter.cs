// Writes a SimulationResult as JSON (RFC 8259), a Markdown report and SVG 1.1 charts.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Accord.Simulation;

/// <summary>Writes result.json, report.md, compute.svg, feedback.svg and detections.svg to a folder.</summary>
public static class ResultWriter
{
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

    /// <summary>Writes the five files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SimulationResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Text)[]
        {
            ("result.json", JsonSerializer.Serialize(result with { Outcomes = [] }, Scenario.Json)),
            ("report.md", Markdown(result)),
            ("compute.svg", ComputeChart(result)),
            ("feedback.svg", FeedbackChart(result)),
            ("detections.svg", DetectionChart(result)),
        };
        var paths = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The Markdown report.</summary>
    public static string Markdown(SimulationResult r)
    {
        var s = new StringBuilder();
        void L(string line = "") => s.Append(line).Append('\n');
        L($"# Simulation: {r.Scenario}");
        L();
        L($"{r.Runs} Monte Carlo runs from seed {r.Seed}; {F(r.ReportsPerRun)} reports per run through the real ingest rules and compliance ledger, {F(r.SignedPerRun)} of them signed and verified with Ed25519.");
        L();
        L($"- Agreement holds (every cheater found, no false alarm, every commitment verifiable): **{P(r.HoldsProbability)}** of runs");
        L($"- A commitment not verifiable (the evidence that would show it was missing at a daily evaluation): {P(r.NotVerifiableRunShare)} of runs");
        L($"- False alarms: {r.FalseAlarms} (runs with any: {P(r.FalseAlarmRunShare)}); reports refused: {r.RejectedReports}");
        L($"- Compute held back versus no agreement: **{P(r.ComputeHeldBack)}**");
        L();
        if (r.Negotiated is { } n)
        {
            L("## Negotiated terms");
            L();
            L($"The AI mediator ({n.Concept}) settled the domain \"{n.Domain}\" ({n.DomainFile}) by mediated single text, the parties played by {string.Join(", ", n.Agents.Skip(1).Distinct())}; accepted in round {n.Rounds}. Each settled value set the agreement term it maps to:");
            L();
            L("| Issue | Settled value | Term | Set to |");
            L("|---|---|---|---|");
            foreach (var t in n.Terms)
            {
                L($"| {t.Issue} | {t.Value} | `{t.Term}` | {(t.Number is { } v ? F(v) : "none")} |");
            }

            L();
            L($"Utilities: {string.Join(", ", n.Utilities.Select(u => $"{u.Key} {F(u.Value)} (reservation {F(n.Reservations[u.Key])})"))}.");
            if (n.Explanation is { } why)
            {
                L();
                L($"The mediator: {why.ReplaceLineEndings(" ")}");
            }

            L();
        }

        L("## Cheating strategies");
        L();
        L("| Strategy | Cases | Detected | Mean hours to detection | Median | Found by |");
        L("|---|---|---|---|---|---|");
        foreach (var st in r.Strategies)
        {
            L($"| {st.Strategy} | {st.Cases} | {P(st.DetectionRate)} | {F(st.MeanHoursToDetection)} | {F(st.MedianHoursToDetection)} | {string.Join(", ", st.DetectedBy.Select(p => $"{p.Key} {p.Value}"))} |");
        }

        L();
        L("## Inspection game per party");
        L();
        L("| Party | P(detect) per inspection | over the horizon | threshold (g + a f)/(g + b) | self-enforcing |");
        L("|---|---|---|---|---|");
        foreach (var d in r.Deterrence)
        {
            L($"| {d.PartyId} | {F(d.Deterrence.PerInspection)} | {F(d.Deterrence.OverHorizon)} | {F(d.Deterrence.Threshold)} | {(d.Deterrence.SelfEnforcing ? "yes" : "no")} |");
        }

        L();
        L("## Race model (Armstrong, Bostrom and Shulman 2016)");
        L();
        L($"Without the agreement: n = {r.Race.Without.Teams}, mu = {F(r.Race.Without.Mu)}, e = {F(r.Race.Without.Enmity)}: P(disaster) = {F(r.Race.DisasterWithout)}.");
        L($"With verified caps ({r.Race.Effect}): n = {r.Race.With.Teams}, mu = {F(r.Race.With.Mu)}: P(disaster) = {F(r.Race.DisasterWith)}.");
        L();
        L("## AI for AI safety: time in the sweet spot");
        L();
        L($"Without the agreement: {F(r.Feedback.Without.SweetSpotYears)} years; with it: {F(r.Feedback.With.SweetSpotYears)} years (feedback.svg).");
        L();
        L("## Detection timelines");
        L();
        L("![Detections](detections.svg)");
        L();
        L("| Series | Cases | within 1 day | 7 days | 30 days | by the end |");
        L("|---|---|---|---|---|---|");
        foreach (var t in r.Detections)
        {
            string At(int day) => P(t.CumulativeShare[Math.Min(day, t.CumulativeShare.Count - 1)]);
            L($"| {t.Series} | {t.Cases} | {At(1)} | {At(7)} | {At(30)} | {P(t.CumulativeShare[^1])} |");
        }

        L();
        L("Charts: [compute.svg](compute.svg) (run 0's compute per day against the aggregate cap), [feedback.svg](feedback.svg) (C and S with the sweet spot shaded), [detections.svg](detections.svg) (per strategy, the share of runs in which the cheater was caught by each day since it began cheating; dashed, compliant parties' false alarms by day of the horizon).");
        return s.ToString();
    }

    /// <summary>Per party, log10 FLOP per day used (solid) and without the agreement (dashed), against the cap per day.</summary>
    public static string ComputeChart(SimulationResult r)
    {
        var series = new List<(string Label, double[] Y, string Colour, bool Dashed)>();
        for (var i = 0; i < r.Trajectories.Count; i++)
        {
            var t = r.Trajectories[i];
            var c = Colours[i % Colours.Length];
            series.Add((t.PartyId, [.. t.Days.Select(d => Log(d.Flop))], c, false));
            series.Add(($"{t.PartyId} (no agreement)", [.. t.Days.Select(d => Log(d.UnconstrainedFlop))], c, true));
        }

        if (r.CapPerDayFlop is { } cap && r.Trajectories.Count > 0)
        {
            series.Add(("aggregate cap per day", [.. r.Trajectories[0].Days.Select(_ => Log(cap))], "#000000", true));
        }

        return SvgLineChart.Draw("Compute per day (log10 FLOP) against the cap", "day", series, null);
    }

    /// <summary>
    /// Per cheating strategy, the cumulative share of runs in which the cheater has been caught against the day
    /// since it began cheating (0 to 100%); dashed, the share of compliant parties with a false alarm by day of the horizon.
    /// </summary>
    public static string DetectionChart(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var series = new List<(string Label, double[] Y, string Colour, bool Dashed)>();
        for (var i = 0; i < r.Detections.Count; i++)
        {
            var t = r.Detections[i];
            series.Add(($"{t.Series} (n = {t.Cases})", [.. t.CumulativeShare.Select(v => v * 100)], t.Strategy is null ? "#000000" : Colours[i % Colours.Length], t.Strategy is null));
        }

        return SvgLineChart.Draw(
            "Cheaters caught (% of runs) by day since cheating began; dashed: compliant parties falsely accused by day",
            "day",
            series,
            null,
            new YAxis(0, 100, 20, "%"));
    }

    /// <summary>C and S over time without and with the agreement, the sweet spot (with) shaded.</summary>
    public static string FeedbackChart(SimulationResult r)
    {
        var w = r.Feedback.Without.Points;
        var a = r.Feedback.With.Points;
        var series = new List<(string, double[], string, bool)>
        {
            ("C without", [.. w.Select(p => p.C)], Colours[1], true),
            ("S without", [.. w.Select(p => p.S)], Colours[2], true),
            ("C with agreement", [.. a.Select(p => p.C)], Colours[1], false),
            ("S with agreement", [.. a.Select(p => p.S)], Colours[2], false),
        };
        return SvgLineChart.Draw($"Capability C and safety range S (log10 effective FLOP); shaded: sweet spot with the agreement, {a[^1].Year:F0} years",
            "step", series, [.. a.Select(p => p.InSweetSpot)]);
    }

    private static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;

    private static string P(double share) => share.ToString("P1", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "-";
}
