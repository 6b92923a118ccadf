using System.Text.Json;
using Accord.Core.Monitoring;

namespace Accord.Simulation.Tests;

public sealed class SimulationRunnerTests
{
    private static readonly AgreementTerms Terms = new(
        RunCapFlop: 1e25,
        AggregateCapFlop: 2e25,
        AggregatePeriodDays: 30,
        Coverage: new CoverageTerms(0.9, 24),
        Band: new BandTerms(1e23, 1e25),
        Inspections: new InspectionTerms(PerYear: 52, ChipsSampled: 22, Tolerance: 0.01));

    private static Scenario With(Strategy strategy, double share, int shards = 1) => new(
        $"catch-{strategy}",
        [
            new Party("honest", [new Fleet(DeviceModel.H100Sxm, 20_000)]),
            new Party("cheater", [new Fleet(DeviceModel.H100Sxm, 20_000, Shards: shards)], new Behaviour(strategy, FromDay: 5, Share: share)),
        ],
        Terms,
        HorizonDays: 60,
        SignedShare: 0.01);

    [Theory]
    [InlineData(Strategy.HideDevices, 0.2, "inspection")]
    [InlineData(Strategy.UnderReport, 0.5, "inspection")]
    [InlineData(Strategy.SplitRun, 0.1, "run-cap")]
    [InlineData(Strategy.GoSilent, 0.5, "coverage")]
    [InlineData(Strategy.UnregisteredChips, 0.1, "monitored-band")]
    public void Run_ScenarioBuiltToCatchIt_CatchesEveryCheater(Strategy strategy, double share, string rule)
    {
        var result = SimulationRunner.Run(With(strategy, share, shards: 2), runs: 8, seed: 11);

        var stats = Assert.Single(result.Strategies);
        Assert.Equal(strategy, stats.Strategy);
        Assert.Equal(1.0, stats.DetectionRate);
        Assert.Contains(rule, stats.DetectedBy.Keys);
        Assert.Equal(0, result.FalseAlarms);
        Assert.Equal(0, result.RejectedReports);
    }

    [Fact]
    public void Run_TwoScenariosWithDifferentAgreements_DifferentFeedbackSeries()
    {
        var capped = With(Strategy.Compliant, 0) with { HorizonDays = 10 };
        var paused = capped with { Agreement = Terms with { Pause = new PauseTerms(StartDay: 2, Months: 6) } };
        var uncapped = capped with { Agreement = new AgreementTerms() };

        var series = new[] { capped, paused, uncapped }
            .Select(s => SimulationRunner.Run(s, runs: 1, seed: 1).Feedback.With.Points.Select(p => p.C).ToArray())
            .ToArray();

        Assert.NotEqual(series[0], series[1]);
        Assert.NotEqual(series[0], series[2]);
        Assert.NotEqual(series[1], series[2]);
    }

    [Fact]
    public void Run_CompliantFleet_NoFalseAlarm()
    {
        var result = SimulationRunner.Run(Scenario.Load("scenarios/compliant-fleet.json") with { HorizonDays = 90 }, runs: 4, seed: 5);

        Assert.Equal(0, result.FalseAlarms);
        Assert.Equal(1.0, result.HoldsProbability);
        Assert.Equal(0.0, result.NotVerifiableRunShare);
        Assert.Empty(result.Strategies);
        Assert.True(result.ComputeHeldBack > 0);
        Assert.True(result.SignedPerRun > 0);
    }

    [Fact]
    public void Run_EveryDeviceGoesSilent_CommitmentsNotVerifiableSoTheAgreementDoesNotHold()
    {
        // Arrange: the cheater's every device stops reporting from day 5; coverage catches it, but from then on
        // no report shows its caps holding.
        var scenario = With(Strategy.GoSilent, 1.0);

        // Act
        var result = SimulationRunner.Run(scenario, runs: 2, seed: 3);

        // Assert
        Assert.Equal(1.0, Assert.Single(result.Strategies).DetectionRate);
        Assert.Equal(1.0, result.NotVerifiableRunShare);
        Assert.Equal(0.0, result.HoldsProbability);
        Assert.All(result.Outcomes, o =>
        {
            Assert.Empty(o.Parties.Single(p => p.PartyId == "honest").NotVerifiable!);
            Assert.Equal(["aggregate-cap", "band", "run-cap"], o.Parties.Single(p => p.PartyId == "cheater").NotVerifiable!);
        });
    }

    [Fact]
    public void Run_SameSeed_SameResult()
    {
        var scenario = With(Strategy.HideDevices, 0.1) with { Agreement = Terms with { Inspections = new InspectionTerms(6, 22, 0.01) } };

        var a = JsonSerializer.Serialize(SimulationRunner.Run(scenario, 6, 42), Scenario.Json);
        var b = JsonSerializer.Serialize(SimulationRunner.Run(scenario, 6, 42), Scenario.Json);
        var c = JsonSerializer.Serialize(SimulationRunner.Run(scenario, 6, 43), Scenario.Json);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("scenarios/pause-treaty.json")]
    [InlineData("scenarios/cheater-splits-runs.json")]
    [InlineData("scenarios/compliant-fleet.json")]
    [InlineData("scenarios/negotiated-pause.json")]
    public void Load_ShippedScenario_RunsWithoutFalseAlarms(string path)
    {
        var scenario = Scenario.Load(path);

        var result = SimulationRunner.Run(scenario, runs: 2, seed: scenario.Seed);

        Assert.Equal(0, result.FalseAlarms);
        Assert.Equal(0, result.RejectedReports);
        Assert.Equal(0.0, result.NotVerifiableRunShare);
        Assert.All(result.Strategies, s => Assert.True(s.DetectionRate > 0, $"{s.Strategy} never caught"));
    }

    [Fact]
    public void Parse_DuplicateParty_Throws() =>
        Assert.Throws<FormatException>(() => Scenario.Parse("""
            { "name": "x", "agreement": {}, "parties": [
              { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] },
              { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] } ] }
            """));

    [Theory]
    [InlineData("""{ "name": "x", "agreement": {}, "parties": [ null ] }""")]
    [InlineData("""{ "name": "x", "agreement": {}, "parties": [ { "id": "a", "fleets": [ null ] } ] }""")]
    [InlineData("{ \"name\": \"x\ud83d\", \"agreement\": {}, \"parties\": [] }")]
    public void Parse_NullPartyOrFleetOrLoneSurrogate_ThrowsFormatException(string json) =>
        Assert.Throws<FormatException>(() => Scenario.Parse(json));
}

public sealed class ResultWriterTests
{
    [Fact]
    public void Write_Result_WritesJsonMarkdownAndCharts()
    {
        var result = SimulationRunner.Run(Scenario.Load("scenarios/pause-treaty.json") with { HorizonDays = 40 }, runs: 2, seed: 1);
        var dir = Path.Combine(Path.GetTempPath(), $"accord-sim-{Guid.NewGuid():N}");

        var files = ResultWriter.Write(result, dir, png: true);

        Assert.Equal(
            ["result.json", "report.md", "compute.svg", "compute.png", "feedback.svg", "feedback.png", "detections.svg", "detections.png"],
            files.Select(Path.GetFileName));
        Assert.Contains("Agreement holds", File.ReadAllText(files[1]), StringComparison.Ordinal);
        Assert.All(files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)), f => System.Xml.Linq.XDocument.Load(f));
        Assert.All(files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)), f => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(f)[..4]));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(files[0]));
        Assert.Equal("pause-treaty", json.RootElement.GetProperty("scenario").GetString());
        Directory.Delete(dir, recursive: true);
    }
}
