using System.Text.Json;
using Accord.Bench;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord bench load` against the running test server: real streams, every acknowledged report a new log entry.</summary>
[Collection(ServerCollection.Name)]
public sealed class LoadBenchCliTests(AccordServerFixture server)
{
    [Fact]
    public async Task BenchLoad_ThreeDevicesTwoSeconds_AckedReportsAreExactlyTheLogsGrowth()
    {
        var url = server.Address.ToString();

        var result = await CliRunner.RunAsync("bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", url, "--yes-write-to", url, "--devices", "3", "--duration", "2", "--batch", "16", "--json");
        var checkpoint = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());

        Assert.True(result.Code == ExitCodes.Ok, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        var acked = root.GetProperty("acked").GetInt64();
        Assert.True(acked > 0, result.Out);
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        Assert.Equal(0, root.GetProperty("duplicates").GetInt64());
        Assert.Equal(acked, root.GetProperty("log_size_after").GetInt64() - root.GetProperty("log_size_before").GetInt64());
        Assert.Equal(acked, root.GetProperty("acked_per_server").GetProperty(url).GetInt64());
        Assert.Equal(0, acked % 16);
        Assert.True(root.GetProperty("ack_p50_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("ack_max_ms").GetDouble() >= root.GetProperty("ack_p99_ms").GetDouble());
        Assert.Equal(root.GetProperty("log_size_after").GetInt64(), (long)checkpoint.TreeSize);
        Assert.Contains("enrolled 3 devices", result.Err);
    }

    [Fact]
    public async Task BenchLoad_ServerNotEmpty_ExitCode2SayingWhatToAddAndWritesNothing()
    {
        await TestParty.RegisterAsync(server.Registry, "not-empty");
        var url = server.Address.ToString();
        var before = (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;

        var refused = await CliRunner.RunAsync("bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", url, "--devices", "1", "--duration", "1");
        var otherUrl = await CliRunner.RunAsync("bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", url, "--yes-write-to", "http://127.0.0.1:1", "--devices", "1", "--duration", "1");

        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Matches($"^error: {System.Text.RegularExpressions.Regex.Escape(url)} is not empty \\(its log holds [0-9,]+ entries\\) and bench load would write parties, devices and reports into it for good; point it at a fresh server, or add --yes-write-to {System.Text.RegularExpressions.Regex.Escape(url)}$", refused.Err.Trim());
        Assert.Equal(ExitCodes.BadInput, otherUrl.Code);
        Assert.Equal($"error: --yes-write-to: 'http://127.0.0.1:1' is not the server bench load writes to; give --yes-write-to {url}", otherUrl.Err.Trim());
        Assert.Equal(before, (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize);
    }

    [Fact]
    public async Task BenchLoad_LivenessSweepsDuringTheLoad_NoStreamStalls()
    {
        // The sweep asks each party's compliance grain to tick, and the tick reads the party's devices while
        // those devices are handing their reports to the same compliance grain: reading a device must not wait for it.
        // A fresh server is empty, so bench load writes into it without --yes-write-to.
        var busy = new AccordServerFixture { Configure = o => o.Monitoring.LivenessSweep = TimeSpan.FromMilliseconds(100) };
        await busy.InitializeAsync();
        try
        {
            var result = await CliRunner.RunAsync("bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", busy.Address.ToString(), "--devices", "8", "--duration", "4", "--batch", "8", "--json");

            Assert.True(result.Code == ExitCodes.Ok, result.Err);
            using var json = JsonDocument.Parse(result.Out);
            Assert.Equal(0, json.RootElement.GetProperty("errors").GetInt64());
            Assert.True(json.RootElement.GetProperty("ack_max_ms").GetDouble() < 10_000, result.Out);
        }
        finally
        {
            await busy.DisposeAsync();
        }
    }

    [Fact]
    public async Task BenchLoad_OneOfTwoServersDown_ExitCode3NamingIt()
    {
        var result = await CliRunner.RunAsync("bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", $"{server.Address},http://127.0.0.1:1",
            "--yes-write-to", $"{server.Address},http://127.0.0.1:1", "--devices", "1", "--duration", "1");

        Assert.Equal(ExitCodes.Unreachable, result.Code);
        Assert.StartsWith("error: cannot reach the server: http://127.0.0.1:1/", result.Err.Trim());
        Assert.Single(result.Err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--devices", "0")]
    [InlineData("--devices", "many")]
    [InlineData("--duration", "-5")]
    [InlineData("--duration", "soon")]
    [InlineData("--batch", "0")]
    [InlineData("--servers", "ftp://127.0.0.1:5080")]
    [InlineData("--servers", ",")]
    public async Task BenchLoad_BadArgument_ExitCode2BeforeConnecting(string option, string value)
    {
        var args = new List<string> { "bench", "load", "--governance-key", TestGovernance.KeyFilePath, "--servers", "http://127.0.0.1:1", "--devices", "1", "--duration", "1" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var result = await CliRunner.RunAsync([.. args]);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith($"error: {option}", result.Err.Trim());
    }
}
