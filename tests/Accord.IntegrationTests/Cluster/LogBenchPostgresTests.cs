using System.Text.Json;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;

namespace Accord.IntegrationTests.Cluster;

/// <summary>`accord bench log --postgres`: the log engine appending into a cluster's log tables on a PostgreSQL started by the test.</summary>
public sealed class LogBenchPostgresTests : IDisposable
{
    private readonly PostgresInstance _postgres = PostgresInstance.Start();

    public void Dispose() => _postgres.Dispose();

    [Fact]
    public async Task BenchLog_EmptyPostgresLog_AppendsEveryEntryThenRefusesToRunOnTheFilledLog()
    {
        var first = await CliRunner.RunAsync("bench", "log", "--postgres", _postgres.ConnectionString, "--entries", "3000", "--proofs", "50", "--producers", "64", "--batch", "256", "--json");
        var again = await CliRunner.RunAsync("bench", "log", "--postgres", _postgres.ConnectionString, "--entries", "10", "--proofs", "1", "--json");

        Assert.True(first.Code == ExitCodes.Ok, first.Err);
        using var json = JsonDocument.Parse(first.Out);
        Assert.Equal(3000, json.RootElement.GetProperty("entries").GetInt64());
        Assert.Equal("postgres", json.RootElement.GetProperty("store").GetString());
        Assert.True(json.RootElement.GetProperty("checkpoints").GetInt64() >= 3000 / 256);
        Assert.Equal(ExitCodes.BadInput, again.Code);
        Assert.Contains("already holds a log of 3,000 entries", again.Err);
    }
}
