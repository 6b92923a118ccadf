using System.Text.RegularExpressions;
using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Devices;

/// <summary>
/// `accord agent run` as a user runs it when the server will not take its reports: another lab's key or a device never
/// enrolled stop it with exit 1 and the reason said once; a server that does not answer is named while it reconnects.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AgentRefusalTests(AccordServerFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new("accord-agent-refusal-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string[] Agent(string url, string labKey, string identity) =>
        ["agent", "run", "--server", url, "--key", labKey, "--device", identity, "--spool", _dir.File("spool-" + Guid.NewGuid().ToString("N")[..6] + ".db"), "--interval", "0.2", "--duration", "20"];

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [Fact]
    public async Task AgentRun_AnotherLabsKey_StopsWithExit1AndNotOwnerSaidOnce()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        await kit.EnrolAsync(device);
        var otherLab = await TestParty.RegisterAsync(server.Registry, "lab-b");
        KeyFile.Write(_dir.File("other.key"), otherLab.Id, otherLab.Key);
        await File.WriteAllTextAsync(_dir.File("gpu.pem"), device.ExportPem());

        var started = DateTime.UtcNow;
        var (code, stdout, stderr) = await CliRunner.RunAsync(Agent(server.Address.ToString(), _dir.File("other.key"), _dir.File("gpu.pem")));

        Assert.Equal(ExitCodes.Refused, code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the agent ran on instead of stopping");
        Assert.Equal(1, Count(stdout + stderr, "NOT_OWNER"));
        var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"device {device.DeviceId}", error);
        Assert.Contains("PERMISSION_DENIED (NOT_OWNER)", error);
    }

    [Fact]
    public async Task AgentRun_DeviceNeverEnrolled_StopsWithExit1AndUnknownDeviceSaidOnce()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        KeyFile.Write(_dir.File("lab.key"), kit.Lab.Id, kit.Lab.Key);
        await File.WriteAllTextAsync(_dir.File("gpu.pem"), device.ExportPem());

        var (code, stdout, stderr) = await CliRunner.RunAsync(Agent(server.Address.ToString(), _dir.File("lab.key"), _dir.File("gpu.pem")));

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Equal(1, Count(stdout + stderr, "UNKNOWN_DEVICE"));
        Assert.Contains($"error: device {device.DeviceId}: reporting key refused: NOT_FOUND (UNKNOWN_DEVICE)", stderr);
    }

    [Fact]
    public async Task AgentRun_ServerDown_SaysItIsReconnectingToTheUrl()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        KeyFile.Write(_dir.File("lab.key"), kit.Lab.Id, kit.Lab.Key);
        await File.WriteAllTextAsync(_dir.File("gpu.pem"), device.ExportPem());
        var down = $"http://127.0.0.1:{Loopback.FreePort()}/";
        var args = Agent(down, _dir.File("lab.key"), _dir.File("gpu.pem"));
        args[^1] = "6";

        var (code, stdout, stderr) = await CliRunner.RunAsync(args);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Matches($@"reconnecting to {Regex.Escape(down)} \(attempt [1-9][0-9]*, next in [0-9.]+s\)", stdout);
        Assert.DoesNotContain("error:", stderr);
    }
}
