using System.Xml.Linq;
using Accord.Core.Monitoring;
using Accord.Negotiation.Reporting;
using Accord.Simulation.Charts;
using Accord.Tests.Shared;
using ScottPlot;

namespace Accord.Simulation.Tests;

public sealed class DetectionTimelineTests
{
    private static readonly Scenario TwoParties = new(
        "two",
        [
            new Party("honest", [new Fleet(DeviceModel.H100Sxm, 100)]),
            new Party("cheater", [new Fleet(DeviceModel.H100Sxm, 100)], new Behaviour(Strategy.HideDevices, FromDay: 2)),
        ],
        new AgreementTerms(),
        HorizonDays: 5);

    [Fact]
    public void Build_HandMadeOutcomes_CountsCumulativeSharesPerDay()
    {
        RunOutcome Run(int i, double? caughtAfter, double? falseAlarm) => new(i, [
            new PartyOutcome("honest", Strategy.Compliant, null, null, falseAlarm is null ? 0 : 1, 0, 0, 0, falseAlarm),
            new PartyOutcome("cheater", Strategy.HideDevices, caughtAfter, caughtAfter is null ? null : "inspection", 0, 0, 0, 0),
        ], 0, 0);

        var curves = DetectionTimelines.Build(TwoParties, [Run(0, 30, null), Run(1, null, 50), Run(2, 24, null), Run(3, 0, null)]);

        Assert.Equal(2, curves.Count);
        Assert.Equal("HideDevices", curves[0].Series);
        Assert.Equal(4, curves[0].Cases);
        Assert.Equal([0.25, 0.5, 0.75, 0.75], curves[0].CumulativeShare);
        Assert.Equal(DetectionTimelines.FalseAlarmSeries, curves[1].Series);
        Assert.Null(curves[1].Strategy);
        Assert.Equal([0, 0, 0, 0.25, 0.25, 0.25], curves[1].CumulativeShare);
    }

    [Fact]
    public void DetectionChart_StrategyCaughtInEveryRun_ReachesHundredPercent()
    {
        var scenario = new Scenario(
            "split",
            [
                new Party("honest", [new Fleet(DeviceModel.H100Sxm, 20_000)]),
                new Party("cheater", [new Fleet(DeviceModel.H100Sxm, 20_000, Shards: 2)], new Behaviour(Strategy.SplitRun, FromDay: 5)),
            ],
            new AgreementTerms(RunCapFlop: 1e25),
            HorizonDays: 30);

        var result = SimulationRunner.Run(scenario, runs: 4, seed: 3);
        var plot = DetectionChart.Build(result);
        using var png = new PngProbe(ChartFile.Bytes(plot, ChartFormat.Png));

        var split = Assert.Single(result.Detections, d => d.Strategy == Strategy.SplitRun);
        Assert.Equal(1.0, split.CumulativeShare[^1]);
        Assert.Equal(0.0, split.CumulativeShare[0]);
        Assert.All(result.Detections.Single(d => d.Strategy is null).CumulativeShare, v => Assert.Equal(0.0, v));
        var hundred = plot.GetPixel(new Coordinates(split.CumulativeShare.Count - 1.5, 100));
        Assert.True(png.ColumnHas((int)hundred.X, ChartStyle.Colour(0), (int)hundred.Y - 3, (int)hundred.Y + 3));
    }

    [Fact]
    public void Write_Result_ReportLinksTheDetectionChartAndJsonHoldsItsData()
    {
        var result = SimulationRunner.Run(TwoParties with { Agreement = new AgreementTerms(Inspections: new InspectionTerms(PerYear: 365, ChipsSampled: 22)) }, runs: 2, seed: 1);
        var dir = Path.Combine(Path.GetTempPath(), $"accord-sim-{Guid.NewGuid():N}");

        ResultWriter.Write(result, dir);

        Assert.Contains("](detections.svg)", File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "result.json")));
        var detections = json.RootElement.GetProperty("detections");
        Assert.Equal("HideDevices", detections[0].GetProperty("series").GetString());
        Assert.Equal(result.Detections[0].CumulativeShare.Count, detections[0].GetProperty("cumulativeShare").GetArrayLength());
        XDocument.Load(Path.Combine(dir, "detections.svg"));
        Directory.Delete(dir, recursive: true);
    }
}
