using System.Globalization;
using Accord.Negotiation.Reporting;
using Accord.Simulation.Models;
using ScottPlot;

namespace Accord.Simulation.Charts;

/// <summary>
/// feedback.svg: the feedback-loop model's capability C and safety range S, without the agreement (dashed,
/// lighter) and with it (solid), against years; the sweet spot with the agreement and the agreement's pause
/// window shaded, the help threshold dotted. C and S are log10 effective FLOP, so the y axis is logarithmic with
/// labels 1e30, 1e40, ... (the unconstrained curves run to 1e60 and beyond).
/// </summary>
public static class FeedbackChart
{
    /// <summary>The fill of the sweet spot.</summary>
    public static Color SweetShade { get; } = Color.FromHex("#cdeccd");

    /// <summary>The chart of <paramref name="r"/>'s feedback comparison.</summary>
    public static Plot Build(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var f = r.Feedback;
        var plot = ChartStyle.New(
            string.Create(CultureInfo.InvariantCulture, $"AI for AI safety: years in the sweet spot, {f.Without.SweetSpotYears:0.#} without the agreement, {f.With.SweetSpotYears:0.#} with it"),
            "years from the start",
            "effective compute (FLOP, log scale)");
        double[] all = [.. f.Without.Points.Concat(f.With.Points).SelectMany(p => new[] { p.C, p.S })];
        ChartStyle.LogTicksLeft(plot, all.Min(), all.Max());
        var label = "sweet spot with the agreement";
        foreach (var (from, to) in Windows(f.With.Points))
        {
            ChartStyle.ShadeX(plot, from, to, SweetShade, label);
            label = string.Empty;
        }

        if (f.Agreement is { } a && a.PauseToYear > a.PauseFromYear)
        {
            ChartStyle.ShadeX(plot, a.PauseFromYear, a.PauseToYear, ChartStyle.PauseShade, "pause");
        }

        Line(plot, f.Without.Points, p => p.C, ChartStyle.Colour(1).WithAlpha(0.5), true, "capability C without the agreement");
        Line(plot, f.Without.Points, p => p.S, ChartStyle.Colour(2).WithAlpha(0.5), true, "safety range S without the agreement");
        Line(plot, f.With.Points, p => p.C, ChartStyle.Colour(1), false, "capability C with the agreement");
        Line(plot, f.With.Points, p => p.S, ChartStyle.Colour(2), false, "safety range S with the agreement");
        plot.Axes.SetLimitsX(0, f.With.Points[^1].Year);
        return plot;
    }

    /// <summary>The year ranges in which the trajectory is in the sweet spot.</summary>
    internal static IEnumerable<(double From, double To)> Windows(IReadOnlyList<FeedbackPoint> points)
    {
        double? from = null;
        foreach (var p in points)
        {
            if (p.InSweetSpot && from is null)
            {
                from = p.Year;
            }
            else if (!p.InSweetSpot && from is { } start)
            {
                yield return (start, p.Year);
                from = null;
            }
        }

        if (from is { } open)
        {
            yield return (open, points[^1].Year);
        }
    }

    private static void Line(Plot plot, IReadOnlyList<FeedbackPoint> points, Func<FeedbackPoint, double> y, Color colour, bool dashed, string label)
    {
        var line = plot.Add.ScatterLine(points.Select(p => p.Year).ToArray(), points.Select(y).ToArray(), colour);
        line.LineWidth = 2;
        line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        line.LegendText = label;
    }
}
