using System.Text;
using Accord.Core.Monitoring;
using Accord.Negotiation.Reporting;
using Accord.Simulation.Charts;
using Accord.Tests.Shared;
using ScottPlot;

namespace Accord.Simulation.Tests;

public sealed class ChartTests
{
    // One compliant lab, paused from day 20 for one month (days 20 to 51 of 2030).
    private static readonly Scenario Paused = new(
        "paused",
        [new Party("lab-a", [new Fleet(DeviceModel.H100Sxm, 20_000)])],
        new AgreementTerms(RunCapFlop: 1e25, Pause: new PauseTerms(StartDay: 20, Months: 1)),
        HorizonDays: 70);

    private static readonly Lazy<SimulationResult> PausedResult = new(() => SimulationRunner.Run(Paused, runs: 1, seed: 1));

    [Fact]
    public void ComputeChart_PausedCompliantLab_LineBrokenInThePauseAndTheWindowShaded()
    {
        var result = PausedResult.Value;
        var days = result.Trajectories[0].Days;
        Assert.All(days.Where(d => d.Day is >= 21 and < 50), d => Assert.Equal(0, d.Flop));
        Assert.True(days[10].Flop > 0 && days[60].Flop > 0);
        var plot = ComputeChart.Build(result);

        using var png = new PngProbe(ChartFile.Bytes(plot, ChartFormat.Png));

        var (top, bottom) = PngProbe.DataRows(plot);
        Assert.True(png.ColumnHas(PngProbe.Column(plot, 10), ChartStyle.Colour(0), top, bottom));
        Assert.True(png.ColumnHas(PngProbe.Column(plot, 60), ChartStyle.Colour(0), top, bottom));
        Assert.False(png.ColumnHas(PngProbe.Column(plot, 35), ChartStyle.Colour(0), top, bottom));
        Assert.True(png.ColumnHas(PngProbe.Column(plot, 35), ChartStyle.PauseShade, top, bottom));
        Assert.False(png.ColumnHas(PngProbe.Column(plot, 10), ChartStyle.PauseShade, top, bottom));
    }

    [Fact]
    public void FeedbackChart_Years_OnTheXAxisAndTheSweetSpotShaded()
    {
        var result = PausedResult.Value;
        var plot = FeedbackChart.Build(result);

        using var png = new PngProbe(ChartFile.Bytes(plot, ChartFormat.Png));

        Assert.Equal(10, plot.Axes.GetLimits().Right, 9);
        Assert.Equal("years from the start", plot.Axes.Bottom.Label.Text);
        var (from, to) = FeedbackChart.Windows(result.Feedback.With.Points).First();
        var (top, bottom) = PngProbe.DataRows(plot);
        Assert.True(png.ColumnHas(PngProbe.Column(plot, (from + to) / 2), FeedbackChart.SweetShade, top, bottom));
    }

    [Fact]
    public void DetectionChart_LongSeriesNames_LegendWholeAndInsideTheImage()
    {
        var result = SimulationRunner.Run(Paused with { Parties = [.. Paused.Parties, new Party("cheater", [new Fleet(DeviceModel.H100Sxm, 20_000, Shards: 2)], new Behaviour(Strategy.SplitRun, FromDay: 5))] }, runs: 2, seed: 3);
        var plot = DetectionChart.Build(result);

        var svg = Encoding.UTF8.GetString(ChartFile.Bytes(plot, ChartFormat.Svg));
        using var png = new PngProbe(ChartFile.Bytes(plot, ChartFormat.Png));

        Assert.Contains($"{DetectionTimelines.FalseAlarmSeries} (n = 2)", svg, StringComparison.Ordinal);
        Assert.Contains("SplitRun (n = 2)", svg, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(png.Width - 4, 4), x => Assert.True(png.ColumnBlank(x), $"column {x} is not blank: the legend reaches the edge"));
        Assert.DoesNotContain(DetectionChart.NothingCaught, svg, StringComparison.Ordinal);
        var zero = plot.GetPixel(new Coordinates(0, 0)).Y;
        Assert.True(zero < plot.GetPixel(new Coordinates(0, plot.Axes.GetLimits().Bottom)).Y - 5, "the 0% line lies above the x axis");
    }

    [Fact]
    public void DetectionChart_NothingCaught_SaysSoInTheChart()
    {
        var result = PausedResult.Value;
        Assert.All(result.Detections, t => Assert.All(t.CumulativeShare, v => Assert.Equal(0, v)));

        var svg = Encoding.UTF8.GetString(ChartFile.Bytes(DetectionChart.Build(result), ChartFormat.Svg));

        Assert.Contains(DetectionChart.NothingCaught, svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_SameResult_SameBytes()
    {
        foreach (var (_, build) in ResultWriter.Charts)
        {
            Assert.Equal(ChartFile.Bytes(build(PausedResult.Value), ChartFormat.Svg), ChartFile.Bytes(build(PausedResult.Value), ChartFormat.Svg));
            Assert.Equal(ChartFile.Bytes(build(PausedResult.Value), ChartFormat.Png), ChartFile.Bytes(build(PausedResult.Value), ChartFormat.Png));
        }
    }

    [Theory]
    [InlineData("chart.jpg")]
    [InlineData("chart")]
    public void FormatOf_NeitherSvgNorPng_ThrowsNamingThePath(string path)
    {
        var e = Assert.Throws<ArgumentException>(() => ChartFile.FormatOf(path));
        Assert.Contains($"'{path}': a chart is written as .svg or .png", e.Message, StringComparison.Ordinal);
    }
}
