using Accord.Agent;
using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Devices;

/// <summary>The real agent given several servers, the first of which does not answer: it fails over and reports.</summary>
public sealed class AgentFailoverTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();
    private readonly TempDirectory _dir = new("accord-agent-failover-");

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task AgentRun_FirstServerDown_FailsOverToSecondAndReportsAreAcknowledged()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        var device = kit.NewDevice();
        await kit.EnrolAsync(device);
        var labKey = _dir.File("lab.key");
        KeyFile.Write(labKey, kit.Lab.Id, kit.Lab.Key);
        var options = new AgentOptions
        {
            Servers = [new Uri("http://127.0.0.1:1"), _server.Address],
            LabKeyFile = labKey,
            SpoolPath = _dir.File("spool.db"),
            ReportInterval = TimeSpan.FromMilliseconds(50),
            BatchSize = 8,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            Devices = [new AgentDeviceOptions { DeviceId = device.DeviceId, Chip = "steady", Seed = 7 }],
        };
        var runner = new AgentRunner();

        await AgentRuns.RunUntilAsync(runner, options, [new PemDeviceIdentity(device)], status => status.Acked >= 10);

        Assert.True(runner.Status.Acked >= 10, $"acknowledged {runner.Status.Acked}, rejected {runner.Status.Rejected}");
        Assert.Equal(0, runner.Status.Rejected);
    }
}
