// Writes a SimulationResult as JSON (RFC 8259), a Markdown report and SVG 1.1 charts.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Accord.Simulation;

/// <summary>Writes result.json, report.md, compute.svg and feedback.svg to a folder.</summary>
public static class ResultWriter
{
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

    /// <summary>Writes the four files and returns their paths.</summary>
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
        L($"- Agreement holds (every cheater found, no false alarm): **{P(r.HoldsProbability)}** of runs");
        L($"- False alarms: {r.FalseAlarms} (runs with any: {P(r.FalseAlarmRunShare)}); reports refused: {r.RejectedReports}");
        L($"- Compute held back versus no agreement: **{P(r.ComputeHeldBack)}**");
        L();
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
        L("Charts: compute.svg (run 0's compute per day against the aggregate cap), feedback.svg (C and S with the sweet spot shaded).");
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

        return Chart("Compute per day (log10 FLOP) against the cap", "day", series, null);
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
        return Chart($"Capability C and safety range S (log10 effective FLOP); shaded: sweet spot with the agreement, {a[^1].Year:F0} years",
            "step", series, [.. a.Select(p => p.InSweetSpot)]);
    }

    private static string Chart(string title, string xLabel, List<(string Label, double[] Y, string Colour, bool Dashed)> series, bool[]? shade)
    {
        const double W = 800, H = 420, L = 60, R = 200, T = 40, B = 40;
        var all = series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        var lo = all.Count > 0 ? Math.Floor(all.Min()) : 0;
        var hi = all.Count > 0 ? Math.Ceiling(all.Max()) : 1;
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var n = Math.Max(2, series.Count > 0 ? series.Max(s => s.Y.Length) : 2);
        double X(int i) => L + ((W - L - R) * i / (n - 1));
        double Y(double v) => T + ((H - T - B) * (hi - v) / (hi - lo));
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{L}\" y=\"20\" font-size=\"13\">{Escape(title)}</text>\n");
        if (shade is not null)
        {
            for (var i = 0; i < shade.Length - 1; i++)
            {
                if (shade[i])
                {
                    s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(i):F1}\" y=\"{T}\" width=\"{X(i + 1) - X(i) + 0.2:F1}\" height=\"{H - T - B}\" fill=\"#fff3b0\"/>\n");
                }
            }
        }

        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{L}\" y=\"{T}\" width=\"{W - L - R}\" height=\"{H - T - B}\" fill=\"none\" stroke=\"#888\"/>\n");
        for (var v = lo; v <= hi; v++)
        {
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{L - 30}\" y=\"{Y(v) + 4:F1}\">{v:F0}</text>\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{(W - R) / 2}\" y=\"{H - 10}\">{Escape(xLabel)} (0 to {n - 1})</text>\n");
        for (var k = 0; k < series.Count; k++)
        {
            var (label, ys, colour, dashed) = series[k];
            var pts = string.Join(' ', ys.Select((v, i) => (v, i)).Where(p => double.IsFinite(p.v)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.i):F1},{Y(p.v):F1}")));
            s.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"{(dashed ? " stroke-dasharray=\"5,3\"" : string.Empty)} points=\"{pts}\"/>\n");
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{W - R + 10}\" x2=\"{W - R + 30}\" y1=\"{T + 10 + (k * 16)}\" y2=\"{T + 10 + (k * 16)}\" stroke=\"{colour}\"{(dashed ? " stroke-dasharray=\"5,3\"" : string.Empty)}/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{W - R + 35}\" y=\"{T + 14 + (k * 16)}\">{Escape(label)}</text>\n");
        }

        s.Append("</svg>\n");
        return s.ToString();
    }

    private static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string P(double share) => share.ToString("P1", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "-";
}
