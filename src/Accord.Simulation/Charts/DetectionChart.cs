using Accord.Negotiation.Reporting;
using ScottPlot;

namespace Accord.Simulation.Charts;

/// <summary>
/// detections.svg: per cheating strategy, the percentage of runs in which the cheater had been caught against
/// the days since it began cheating; dashed black, the percentage of compliant parties falsely accused against
/// the days from the horizon's start. The y axis runs a little below 0% and above 100% so that a curve at either
/// bound stays visible. When no curve ever leaves 0%, the chart says that nothing was caught.
/// </summary>
public static class DetectionChart
{
    /// <summary>What the chart says when no curve leaves 0% (a second line says what that means).</summary>
    public const string NothingCaught = "Nothing was caught";

    /// <summary>The chart of <paramref name="r"/>'s detection timelines.</summary>
    public static Plot Build(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = ChartStyle.New(
            "Cheaters caught by day since they began cheating",
            "days since cheating began (false alarms: days from the horizon's start)",
            "share of runs (%)");
        for (var i = 0; i < r.Detections.Count; i++)
        {
            var t = r.Detections[i];
            var falseAlarms = t.Strategy is null;
            var line = plot.Add.ScatterLine(
                Enumerable.Range(0, t.CumulativeShare.Count).Select(d => (double)d).ToArray(),
                t.CumulativeShare.Select(v => v * 100).ToArray(),
                falseAlarms ? Colors.Black : ChartStyle.Colour(i));
            line.LineWidth = 2;
            line.LinePattern = falseAlarms ? LinePattern.Dashed : LinePattern.Solid;
            line.LegendText = $"{t.Series} (n = {t.Cases})";
        }

        if (r.Detections.All(t => t.CumulativeShare.All(v => v == 0)))
        {
            var note = plot.Add.Annotation($"{NothingCaught}\nno cheater found, no compliant party accused", Alignment.MiddleCenter);
            note.LabelFontSize = 15;
            note.LabelBackgroundColor = Colors.White;
            note.LabelBorderColor = Colors.Gray;
            note.LabelShadowColor = Colors.Transparent;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, 6).Select(k => new Tick(k * 20, $"{k * 20}%"))]);
        var days = r.Detections.Count > 0 ? r.Detections.Max(t => t.CumulativeShare.Count) - 1 : 0;
        plot.Axes.SetLimits(0, Math.Max(1, days), -4, 104);
        return plot;
    }
}
