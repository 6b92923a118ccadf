using System.Text.Json;
using Accord.Cli.Commands;
using Accord.Core.Monitoring;
using Accord.Fleets;
using Accord.IntegrationTests.Infrastructure;
using Accord.Simulation;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord simulate --server`: one simulated run replayed on the real server, judged by both.</summary>
[Collection(ServerCollection.Name)]
public sealed class SimulateLiveTests(AccordServerFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new("accord-simulate-live-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Simulate_SplitRunOnLiveServer_ServerCatchesTheCheaterToo()
    {
        var scenario = new Scenario(
            "live-split",
            [
                new Party("honest", [new Fleet(DeviceModel.H100Sxm, 20_000)]),
                new Party("splitter", [new Fleet(DeviceModel.H100Sxm, 20_000, Shards: 2)], new Behaviour(Strategy.SplitRun, FromDay: 5)),
            ],
            new AgreementTerms(RunCapFlop: 1e25),
            HorizonDays: 30);
        var file = _dir.File("live-split.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(scenario, Scenario.Json));

        var url = server.Address.ToString();
        var result = await CliRunner.RunAsync("simulate", file, "--server", url, "--yes-write-to", url, "--governance-key", TestGovernance.KeyFilePath, "--json", "--out", _dir.Path);

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        var comparison = JsonSerializer.Deserialize<LiveComparison>(result.Out, Scenario.Json)!;
        var splitter = Assert.Single(comparison.Parties, p => p.PartyId == "splitter");
        var honest = Assert.Single(comparison.Parties, p => p.PartyId == "honest");
        Assert.Contains("run-cap", splitter.SimulatedRules);
        Assert.Contains("run-cap", splitter.ServerRules);
        Assert.Empty(honest.SimulatedRules);
        Assert.Empty(honest.ServerRules);
        Assert.Equal(2, splitter.Devices);
        Assert.Equal(splitter.ReportsSent, splitter.ReportsAccepted);
        Assert.Equal(honest.ReportsSent, honest.ReportsAccepted);
        Assert.Equal(30, honest.ReportsSent);
        Assert.True(comparison.Parties.All(p => p.Agrees));
        Assert.True(File.Exists(_dir.File("live.md")));
        Assert.Contains("replaying on", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ServerNotEmptyWithoutYesWriteTo_ExitCode2AndWritesNothing()
    {
        await TestParty.RegisterAsync(server.Registry, "simulate-target");
        var file = _dir.File("refused.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
            new Scenario("refused", [new Party("refused-lab", [new Fleet(DeviceModel.H100Sxm, 1_000)])], new AgreementTerms(RunCapFlop: 1e25), HorizonDays: 2), Scenario.Json));
        var url = server.Address.ToString();
        var before = (await server.Log.GetCheckpointAsync(new Accord.Protos.V1.GetCheckpointRequest())).TreeSize;

        var result = await CliRunner.RunAsync("simulate", file, "--server", url, "--governance-key", TestGovernance.KeyFilePath);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.EndsWith($"and simulate --server would write parties, devices and reports into it for good; point it at a fresh server, or add --yes-write-to {url}", result.Err.Trim());
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.Equal(before, (await server.Log.GetCheckpointAsync(new Accord.Protos.V1.GetCheckpointRequest())).TreeSize);
    }

    [Fact]
    public async Task RunAsync_CompliantFleetWithPauseAndBand_NoViolationOnTheServer()
    {
        var scenario = new Scenario(
            "live-compliant",
            [
                new Party("lab-a", [new Fleet(DeviceModel.H100Sxm, 20_000, GrowthPerYear: 2, Shards: 2)]),
                new Party("lab-b", [new Fleet(DeviceModel.B200, 8_000)]),
            ],
            new AgreementTerms(RunCapFlop: 1e25, Band: new BandTerms(1e23, 1e25), Pause: new PauseTerms(10, 1)),
            HorizonDays: 60);

        var comparison = await new LiveSimulation(server.Channel, [TestGovernance.Key]).RunAsync(scenario, seed: 4, server.Address.ToString(), progress: null, CancellationToken.None);

        Assert.All(comparison.Parties, p =>
        {
            Assert.Empty(p.SimulatedRules);
            Assert.Empty(p.ServerRules);
            Assert.Equal(p.ReportsSent, p.ReportsAccepted);
            Assert.True(p.ReportsSent > 0);
        });
        Assert.True(comparison.Agrees);
        Assert.Equal(1440, comparison.ReportIntervalMinutes);
    }

    [Fact]
    public async Task RunAsync_RunDuringThePause_ServerFindsThePauseBreach()
    {
        var scenario = new Scenario(
            "live-pause-breach",
            [new Party("breaker", [new Fleet(DeviceModel.H100Sxm, 20_000, Shards: 2)], new Behaviour(Strategy.SplitRun, FromDay: 12))],
            new AgreementTerms(Pause: new PauseTerms(10, 1)),
            HorizonDays: 30);

        var comparison = await new LiveSimulation(server.Channel, [TestGovernance.Key]).RunAsync(scenario, seed: 1, server.Address.ToString(), progress: null, CancellationToken.None);

        var breaker = Assert.Single(comparison.Parties);
        Assert.Contains("pause", breaker.SimulatedRules);
        Assert.Contains("pause", breaker.ServerRules);
    }
}
