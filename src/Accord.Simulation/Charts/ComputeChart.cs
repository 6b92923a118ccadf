using System.Globalization;
using Accord.Negotiation.Reporting;
using ScottPlot;

namespace Accord.Simulation.Charts;

/// <summary>
/// compute.svg: run 0's compute per day of every party (solid; a gap on a day it used none, so a pause shows as a
/// break in the line), what it would have used without the agreement (dashed, lighter), the aggregate cap per day
/// (dashed black) and the pause window (shaded), against the day of the horizon; the y axis is logarithmic.
/// </summary>
public static class ComputeChart
{
    /// <summary>The chart of <paramref name="r"/>.</summary>
    public static Plot Build(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plot = ChartStyle.New($"Compute per day in run 0 of {r.Scenario}", "day of the horizon (days)", "compute per day (FLOP, log scale)");
        double[] all = [.. r.Trajectories.SelectMany(t => t.Days).SelectMany(d => new[] { Log(d.Flop), Log(d.UnconstrainedFlop) }).Append(Log(r.CapPerDayFlop ?? 0)).Where(double.IsFinite)];
        ChartStyle.LogTicksLeft(plot, all.DefaultIfEmpty(0).Min(), all.DefaultIfEmpty(1).Max());
        if (r.Agreement?.PauseDays() is { } pause)
        {
            ChartStyle.ShadeX(plot, pause.FromDay, pause.ToDay, ChartStyle.PauseShade, string.Create(CultureInfo.InvariantCulture, $"pause (days {pause.FromDay:0} to {pause.ToDay:0})"));
        }

        for (var i = 0; i < r.Trajectories.Count; i++)
        {
            var t = r.Trajectories[i];
            double[] days = [.. t.Days.Select(d => (double)d.Day)];
            var free = plot.Add.ScatterLine(days, [.. t.Days.Select(d => Log(d.UnconstrainedFlop))], ChartStyle.Colour(i).WithAlpha(0.45));
            free.LinePattern = LinePattern.Dashed;
            free.LineWidth = 1.5f;
            free.LegendText = $"{t.PartyId} without the agreement";
            var used = plot.Add.ScatterLine(days, [.. t.Days.Select(d => Log(d.Flop))], ChartStyle.Colour(i));
            used.LineWidth = 2;
            used.LegendText = $"{t.PartyId} used";
        }

        if (r.CapPerDayFlop is { } cap)
        {
            var line = plot.Add.HorizontalLine(Log(cap), 1.5f, Colors.Black, LinePattern.Dashed);
            line.LegendText = "aggregate cap per party per day";
        }

        var last = r.Trajectories.Count > 0 ? r.Trajectories.Max(t => t.Days.Count) : 1;
        plot.Axes.SetLimitsX(0, Math.Max(1, Math.Max(last, r.HorizonDays)));
        return plot;
    }

    /// <summary>log10 of a positive amount; NaN (a gap in the line) for none.</summary>
    private static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;
}
