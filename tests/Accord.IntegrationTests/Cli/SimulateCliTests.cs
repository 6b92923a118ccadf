using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord simulate` on a shipped scenario: the JSON result and the report files.</summary>
public sealed class SimulateCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("accord-simulate-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Simulate_SplitRunScenario_CatchesTheCheaterAndWritesReportAndCharts()
    {
        var scenario = Repository.PathOf("scenarios", "cheater-splits-runs.json");

        var result = await CliRunner.RunAsync("simulate", scenario, "--runs", "3", "--seed", "7", "--json", "--out", _dir.Path, "--png");
        var again = await CliRunner.RunAsync("simulate", scenario, "--runs", "3", "--seed", "7", "--json");

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        Assert.Contains("\"SplitRun\"", result.Out);
        Assert.Equal(result.Out, again.Out);
        foreach (var file in new[] { "result.json", "report.md", "compute.svg", "feedback.svg", "detections.svg", "compute.png", "feedback.png", "detections.png" })
        {
            Assert.True(File.Exists(_dir.File(file)), file);
        }

        Assert.Equal("svg", System.Xml.Linq.XDocument.Load(_dir.File("feedback.svg")).Root!.Name.LocalName);
        Assert.Equal((byte)'P', (await File.ReadAllBytesAsync(_dir.File("compute.png")))[1]);
    }

    [Fact]
    public async Task Simulate_PngWithoutOut_ExitCode2BeforeRunning()
    {
        var result = await CliRunner.RunAsync("simulate", Repository.PathOf("scenarios", "compliant-fleet.json"), "--png");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal("error: --png needs --out DIR", result.Err.Trim());
    }

    [Fact]
    public async Task Simulate_Json_ProgressOnStderrAndOnlyJsonOnStdout()
    {
        var scenario = Repository.PathOf("scenarios", "compliant-fleet.json");

        var result = await CliRunner.RunAsync("simulate", scenario, "--runs", "2", "--json");

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetInt32());
        Assert.Contains("simulate: 2/2 runs", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_UnmappableNegotiationDomain_ExitCode2NamingTheIssue()
    {
        await File.WriteAllTextAsync(_dir.File("d.json"), """
            { "format": "accord-negotiation-domain/1", "name": "X",
              "issues": [ { "name": "Budget", "type": "discrete", "values": [ "low", "high" ] } ],
              "parties": [
                { "name": "A", "weights": { "Budget": 1 }, "values": { "Budget": { "type": "table", "values": { "high": 1 } } } },
                { "name": "B", "weights": { "Budget": 1 }, "values": { "Budget": { "type": "table", "values": { "low": 1 } } } } ] }
            """);
        var scenario = _dir.File("s.json");
        await File.WriteAllTextAsync(scenario, """{ "name": "x", "negotiation": { "domain": "d.json" }, "parties": [ { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] } ] }""");

        var result = await CliRunner.RunAsync("simulate", scenario, "--runs", "1");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("issue 'Budget' maps to no simulated agreement term", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_SeveralScenarios_EachResultPrintedAndInItsOwnFolder()
    {
        var compliant = Repository.PathOf("scenarios", "compliant-fleet.json");
        var cheater = Repository.PathOf("scenarios", "cheater-splits-runs.json");

        var result = await CliRunner.RunAsync("simulate", compliant, cheater, "--runs", "1", "--out", _dir.Path);

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        foreach (var name in new[] { "compliant-fleet", "cheater-splits-runs" })
        {
            Assert.True(File.Exists(_dir.File(name, "result.json")), name);
            Assert.True(File.Exists(_dir.File(name, "report.md")), name);
            Assert.Contains($"wrote {_dir.File(name, "result.json")}", result.Err, StringComparison.Ordinal);
            Assert.Contains(name, result.Out, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_dir.File("result.json")), "a result was written outside its scenario's folder");
    }

    [Fact]
    public async Task Simulate_SeveralScenariosJson_OneArrayInTheOrderGiven()
    {
        var result = await CliRunner.RunAsync("simulate", Repository.PathOf("scenarios", "compliant-fleet.json"), Repository.PathOf("scenarios", "cheater-splits-runs.json"), "--runs", "1", "--json");

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(["compliant-fleet", "cheater-splits-runs"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("scenario").GetString()));
    }

    [Fact]
    public async Task Simulate_SeveralScenariosOneBad_ExitCode2AndNothingRunOrWritten()
    {
        var bad = _dir.File("bad.json");
        await File.WriteAllTextAsync(bad, """{ "name": "x", "parties": [ { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] } ], "agreement": {}, "horizon": 3 }""");
        var output = _dir.File("out");

        var result = await CliRunner.RunAsync("simulate", Repository.PathOf("scenarios", "compliant-fleet.json"), bad, "--runs", "1", "--out", output);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains($"{bad}:1: unknown field 'horizon'", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Simulate_SeveralScenariosWithServer_ExitCode2()
    {
        var scenario = Repository.PathOf("scenarios", "compliant-fleet.json");

        var result = await CliRunner.RunAsync("simulate", scenario, scenario, "--server", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("--server replays one scenario; 2 were given", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_MissingScenario_ExitCode2()
    {
        var result = await CliRunner.RunAsync("simulate", _dir.File("nope.json"));

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error: no scenario file", result.Err.Trim());
    }
}
