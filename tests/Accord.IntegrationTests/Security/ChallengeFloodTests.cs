using Accord.Agent;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// An evidence path nobody can jam: while an attacker floods anonymous challenge requests for a device (each
/// one, before, evicted the oldest of the device's 64 challenges), the real agent certifies its reporting key
/// and streams, and every report it produced is in the log exactly once.
/// </summary>
public sealed class ChallengeFloodTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("accord-agent-flood-");
    private readonly AccordServerFixture _server = new()
    {
        Configure = o =>
        {
            // The attacker's best case: no rate limit slows the flood down.
            o.RateLimits.Requests = new Accord.Server.Hosting.TokenBucketOptions { PerSecond = 1_000_000, Burst = 1_000_000 };
            o.RateLimits.Reads = new Accord.Server.Hosting.TokenBucketOptions { PerSecond = 1_000_000, Burst = 1_000_000 };
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task AnonymousChallengeFlood_WhileTheAgentStreams_EveryReportLoggedOnceNoneRejected()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        var device = kit.NewDevice();
        await kit.EnrolAsync(device);
        var labKey = _dir.File("lab.key");
        KeyFile.Write(labKey, kit.Lab.Id, kit.Lab.Key);
        var options = new AgentOptions
        {
            Server = _server.Address,
            LabKeyFile = labKey,
            SpoolPath = _dir.File("spool.db"),
            ReportInterval = TimeSpan.FromMilliseconds(100),
            BatchSize = 4,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            Devices = [new AgentDeviceOptions { DeviceId = device.DeviceId, Chip = "steady", Seed = 3 }],
        };
        var runner = new AgentRunner();
        using var stop = new CancellationTokenSource();
        var flooded = 0;
        var flood = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => kit.Devices.GetChallengeAsync(new GetChallengeRequest { DeviceId = device.DeviceId }).ResponseAsync));
                Interlocked.Add(ref flooded, 16);
            }
        });

        var status = await AgentRuns.RunUntilAsync(runner, options, [new PemDeviceIdentity(device)], s => s.Acked >= 20 && flooded >= 2_000, stop);
        await flood;
        Assert.True(flooded >= 2_000, $"the attacker sent only {flooded} challenge requests");
        Assert.True(status.Acked >= 20, $"only {status.Acked} reports acknowledged");
        Assert.Equal(0, status.Rejected);

        // Every acknowledged report is in the device's record once, with no gap: nothing lost, nothing twice. The agent
        // may be stopped with one batch in flight that the server stored but whose ack it never read.
        var record = await kit.ReadDeviceAsync(device.DeviceId);
        Assert.InRange(record.Reports, (ulong)status.Acked, (ulong)(status.Acked + options.BatchSize));
        Assert.Equal(record.Reports, record.LastSequence);
        Assert.Empty(record.Gaps);
    }
}
