// Writes a SimulationResult as JSON (RFC 8259), a Markdown report and SVG 1.1 (and PNG) charts.
using System.Text;
using System.Text.Json;
using Accord.Negotiation.Reporting;
using Accord.Simulation.Charts;
using Accord.Simulation.Reporting;
using static Accord.Simulation.Reporting.ReportNumbers;
using ScottPlot;

namespace Accord.Simulation;

/// <summary>Writes result.json, report.md, compute.svg, feedback.svg and detections.svg (and their PNGs on request) to a folder.</summary>
public static class ResultWriter
{
    /// <summary>The charts, by file name without extension (docs/simulation.md, "Outputs").</summary>
    public static IReadOnlyList<(string Name, Func<SimulationResult, Plot> Build)> Charts { get; } =
    [
        ("compute", ComputeChart.Build),
        ("feedback", FeedbackChart.Build),
        ("detections", DetectionChart.Build),
    ];

    /// <summary>Writes result.json, report.md and the charts as SVG (and as PNG too when <paramref name="png"/>) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SimulationResult result, string directory, bool png = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        var files = new List<(string Name, byte[] Bytes)>
        {
            ("result.json", utf8.GetBytes(JsonSerializer.Serialize(result with { Outcomes = [] }, Scenario.Json))),
            ("report.md", utf8.GetBytes(Markdown(result))),
        };
        foreach (var (name, build) in Charts)
        {
            var plot = build(result);
            files.Add(($"{name}.svg", ChartFile.Bytes(plot, ChartFormat.Svg)));
            if (png)
            {
                files.Add(($"{name}.png", ChartFile.Bytes(plot, ChartFormat.Png)));
            }
        }

        var paths = new List<string>();
        foreach (var (name, bytes) in files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
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
        L($"{Count(r.Runs)} Monte Carlo runs from seed {r.Seed}. Each run put a mean of {Mean(r.ReportsPerRun)} reports through the real ingest rules and compliance ledger, a mean of {Mean(r.SignedPerRun)} of them signed and verified with Ed25519 (means over the {Count(r.Runs)} runs).");
        L();
        L($"- Agreement holds (every cheater found, no false alarm, every commitment verifiable): **{Share(r.HoldsProbability)}** of runs");
        L($"- A commitment not verifiable (the evidence that would show it was missing at a daily evaluation): {Share(r.NotVerifiableRunShare)} of runs");
        L($"- False alarms: {Count(r.FalseAlarms)} over all runs (runs with any: {Share(r.FalseAlarmRunShare)}); reports refused: {Count(r.RejectedReports)} over all runs");
        L($"- Compute held back versus no agreement: **{Share(r.ComputeHeldBack)}**");
        L();
        L("## Terms simulated");
        L();
        L("| Term | Simulated as |");
        L("|---|---|");
        foreach (var (term, value) in TermsSimulated.Rows(r))
        {
            L($"| {term} | {value} |");
        }

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
                L($"| {t.Issue} | {t.Value} | `{t.Term}` | {(t.Number is { } v ? Quantity(v) : "none")} |");
            }

            L();
            L($"Utilities: {string.Join(", ", n.Utilities.Select(u => $"{u.Key} {Quantity(u.Value)} (reservation {Quantity(n.Reservations[u.Key])})"))}.");
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
            L($"| {st.Strategy} | {Count(st.Cases)} | {Share(st.DetectionRate)} | {Quantity(st.MeanHoursToDetection)} | {Quantity(st.MedianHoursToDetection)} | {string.Join(", ", st.DetectedBy.Select(p => $"{p.Key} {Count(p.Value)}"))} |");
        }

        L();
        L("## Inspection game per party");
        L();
        L("| Party | P(detect) per inspection | over the horizon | threshold (g + a f)/(g + b) | self-enforcing |");
        L("|---|---|---|---|---|");
        foreach (var d in r.Deterrence)
        {
            L($"| {d.PartyId} | {Quantity(d.Deterrence.PerInspection)} | {Quantity(d.Deterrence.OverHorizon)} | {Quantity(d.Deterrence.Threshold)} | {(d.Deterrence.SelfEnforcing ? "yes" : "no")} |");
        }

        L();
        L("## Race model (Armstrong, Bostrom and Shulman 2016)");
        L();
        L($"Without the agreement: n = {Count(r.Race.Without.Teams)}, mu = {Quantity(r.Race.Without.Mu)}, e = {Quantity(r.Race.Without.Enmity)}: P(disaster) = {Quantity(r.Race.DisasterWithout)}.");
        L($"With verified caps ({r.Race.Effect}): n = {Count(r.Race.With.Teams)}, mu = {Quantity(r.Race.With.Mu)}: P(disaster) = {Quantity(r.Race.DisasterWith)}.");
        L();
        L("## AI for AI safety: time in the sweet spot");
        L();
        L($"Without the agreement: {Quantity(r.Feedback.Without.SweetSpotYears)} years; with it: {Quantity(r.Feedback.With.SweetSpotYears)} years (feedback.svg).");
        L();
        L("## Detection timelines");
        L();
        L("![Detections](detections.svg)");
        L();
        L("| Series | Cases | within 1 day | 7 days | 30 days | by the end |");
        L("|---|---|---|---|---|---|");
        foreach (var t in r.Detections)
        {
            string At(int day) => Share(t.CumulativeShare[Math.Min(day, t.CumulativeShare.Count - 1)]);
            L($"| {t.Series} | {Count(t.Cases)} | {At(1)} | {At(7)} | {At(30)} | {Share(t.CumulativeShare[^1])} |");
        }

        L();
        L("Charts: [compute.svg](compute.svg) (run 0's compute per day of each party against the aggregate cap per day, a gap on days without compute, the pause shaded), [feedback.svg](feedback.svg) (C and S over years, the sweet spot and the pause shaded), [detections.svg](detections.svg) (per strategy, the share of runs in which the cheater was caught by each day since it began cheating; dashed, compliant parties' false alarms by day of the horizon).");
        return s.ToString();
    }
}
