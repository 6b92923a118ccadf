using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;

namespace Accord.IntegrationTests.Cli;

/// <summary>
/// Every JSON file the CLI reads refuses a member its format does not define: exit 2 and one line naming the file, the
/// line and the field (and the field meant, where one is close), and nothing done.
/// </summary>
public sealed class StrictFilesCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("accord-strict-files-");

    public void Dispose() => _dir.Dispose();

    // Copies `source` into the temp folder with `from` renamed `to` on the first line holding it; returns the copy and that line.
    private (string Path, int Line) Misspelled(string source, string name, string from, string to)
    {
        var lines = File.ReadAllLines(source);
        var at = Array.FindIndex(lines, l => l.Contains(from, StringComparison.Ordinal));
        lines[at] = lines[at].Replace(from, to, StringComparison.Ordinal);
        var path = _dir.File(name);
        File.WriteAllLines(path, lines);
        return (path, at + 1);
    }

    [Fact]
    public async Task Simulate_MisspelledScenarioField_ExitCode2NamingFileLineAndField()
    {
        var (path, line) = Misspelled(Repository.PathOf("scenarios", "compliant-fleet.json"), "scenario.json", "\"runCapFlop\"", "\"runCap\"");

        var result = await CliRunner.RunAsync("simulate", path, "--runs", "1");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal($"error: {path}:{line}: unknown field 'runCap' in $.agreement (did you mean 'runCapFlop'?)", result.Err.Trim());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Negotiate_MisspelledDomainField_ExitCode2NamingFileLineAndField()
    {
        var (path, line) = Misspelled(TestData.PauseTreatyJson, "domain.json", "\"reservation\"", "\"reservaton\"");

        var result = await CliRunner.RunAsync("negotiate", "--domain", path, "--agents", "boulware,linear");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal($"error: {path}:{line}: unknown field 'reservaton' in $.parties[0] (did you mean 'reservation'?)", result.Err.Trim());
    }

    [Fact]
    public async Task AgentRun_KeyFileWithUnknownField_ExitCode2NamingFileAndField()
    {
        using var key = PartyKeyPair.Generate();
        var good = _dir.File("good.key");
        KeyFile.Write(good, "lab-a", key);
        var bad = _dir.File("lab.key");
        await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(good)).Replace("{", "{\"comment\":\"mine\",", StringComparison.Ordinal));
        var device = TestManufacturer.Create("Strict Fab", DateTimeOffset.UtcNow).IssueDevice("GPU-STRICT-1", DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(_dir.File("gpu.pem"), device.ExportPem());

        var result = await CliRunner.RunAsync("agent", "run", "--server", "http://127.0.0.1:1", "--key", bad, "--device", _dir.File("gpu.pem"), "--spool", _dir.File("spool.db"), "--duration", "5");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal($"error: {bad}:1: unknown field 'comment'", result.Err.Trim());
        Assert.False(File.Exists(_dir.File("spool.db")), "the agent started on a bad key file");
    }
}
