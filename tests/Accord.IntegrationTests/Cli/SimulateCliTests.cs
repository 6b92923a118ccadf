using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord simulate` on a shipped scenario: the JSON result and the report files.</summary>
public sealed class SimulateCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accord-simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Simulate_SplitRunScenario_CatchesTheCheaterAndWritesReportAndCharts()
    {
        var scenario = Path.Combine(RepositoryRoot(), "scenarios", "cheater-splits-runs.json");

        var result = await CliRunner.RunAsync("simulate", scenario, "--runs", "3", "--seed", "7", "--json", "--out", _dir);
        var again = await CliRunner.RunAsync("simulate", scenario, "--runs", "3", "--seed", "7", "--json");

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        Assert.Contains("\"SplitRun\"", result.Out);
        Assert.Equal(result.Out, again.Out);
        foreach (var file in new[] { "result.json", "report.md", "compute.svg", "feedback.svg" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, file)), file);
        }

        Assert.StartsWith("<svg", (await File.ReadAllTextAsync(Path.Combine(_dir, "feedback.svg"))).TrimStart());
        Assert.True(File.Exists(Path.Combine(_dir, "detections.svg")));
    }

    [Fact]
    public async Task Simulate_Json_ProgressOnStderrAndOnlyJsonOnStdout()
    {
        var scenario = Path.Combine(RepositoryRoot(), "scenarios", "compliant-fleet.json");

        var result = await CliRunner.RunAsync("simulate", scenario, "--runs", "2", "--json");

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetInt32());
        Assert.Contains("simulate: 2/2 runs", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_UnmappableNegotiationDomain_ExitCode2NamingTheIssue()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "d.json"), """
            { "format": "accord-negotiation-domain/1", "name": "X",
              "issues": [ { "name": "Budget", "type": "discrete", "values": [ "low", "high" ] } ],
              "parties": [
                { "name": "A", "weights": { "Budget": 1 }, "values": { "Budget": { "type": "table", "values": { "high": 1 } } } },
                { "name": "B", "weights": { "Budget": 1 }, "values": { "Budget": { "type": "table", "values": { "low": 1 } } } } ] }
            """);
        var scenario = Path.Combine(_dir, "s.json");
        await File.WriteAllTextAsync(scenario, """{ "name": "x", "negotiation": { "domain": "d.json" }, "parties": [ { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] } ] }""");

        var result = await CliRunner.RunAsync("simulate", scenario, "--runs", "1");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("issue 'Budget' maps to no simulated agreement term", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_MissingScenario_ExitCode2()
    {
        var result = await CliRunner.RunAsync("simulate", Path.Combine(_dir, "nope.json"));

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error: no scenario file", result.Err.Trim());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Accord.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Accord.sln above the test binaries");
    }
}
