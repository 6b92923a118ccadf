using Accord.Agent;
using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Devices;

/// <summary>The real agent against the real server, the server stopped and restarted mid-stream: every report stored exactly once.</summary>
[RunsLong(35)]
public sealed class AgentCrashTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();
    private readonly TempDirectory _dir = new("accord-agent-crash-");

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task AgentRun_ServerRestartedThreeTimesMidStream_EveryProducedReportStoredExactlyOnce()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        var devices = new[] { kit.NewDevice(), kit.NewDevice() };
        foreach (var device in devices)
        {
            await kit.EnrolAsync(device);
        }

        var labKey = _dir.File("lab.key");
        KeyFile.Write(labKey, kit.Lab.Id, kit.Lab.Key);
        var options = new AgentOptions
        {
            Server = _server.Address,
            LabKeyFile = labKey,
            SpoolPath = _dir.File("spool.db"),
            ReportInterval = TimeSpan.FromMilliseconds(40),
            BatchSize = 16,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
            Devices = [.. devices.Select((d, i) => new AgentDeviceOptions { DeviceId = d.DeviceId, Chip = "training-run", Seed = (ulong)i + 1 })],
        };
        var runner = new AgentRunner();
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(options, [.. devices.Select(d => new PemDeviceIdentity(d))], stop.Token);

        for (var restart = 0; restart < 3; restart++)
        {
            await WaitUntil(() => runner.Status.Acked > (restart + 1) * 10, TimeSpan.FromSeconds(60));
            await _server.StopAsync();
            await Task.Delay(300);
            await _server.StartAsync();
        }

        await WaitUntil(() => runner.Status.Acked > 80, TimeSpan.FromSeconds(60));
        var produced = await StopProducingAndDrain(options, [.. devices.Select(d => new PemDeviceIdentity(d))], run, stop);

        Assert.True(produced > 80, $"only {produced} reports were produced");
        var logged = await LoggedReports(devices.Select(d => d.DeviceId).ToHashSet(), kit.Inspector);
        Assert.Equal(produced, logged.Count);
        Assert.Equal(logged.Count, logged.Distinct().Count());
        long stored = 0;
        foreach (var device in devices)
        {
            var reader = kit.Lab.Sign(new DevicesReader { Header = Accord.Client.RequestSigning.Header(kit.Lab.Id) });
            var record = (await new DeviceService.DeviceServiceClient(_server.Channel).GetDeviceAsync(new GetDeviceRequest { DeviceId = device.DeviceId, Reader = reader })).Device;
            stored += (long)record.Reports;
            Assert.DoesNotContain(record.Gaps, g => g.Kind == "sequence gap");
        }

        Assert.Equal(produced, stored);
    }

    /// <summary>Stops the agent, then runs it again with a huge interval so that it only uploads what is pending.</summary>
    private static async Task<long> StopProducingAndDrain(AgentOptions options, IReadOnlyList<IDeviceIdentity> identities, Task run, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        await Swallow(run);
        options.ReportInterval = TimeSpan.FromHours(1);
        var drainer = new AgentRunner();
        using var drainStop = new CancellationTokenSource();
        var drain = drainer.RunAsync(options, identities, drainStop.Token);
        await WaitUntil(() => drainer.Status.Pending == 0 && drainer.Status.Connected, TimeSpan.FromSeconds(60));
        await drainStop.CancelAsync();
        await Swallow(drain);
        using var spool = Accord.Agent.Spool.ReportSpool.Open(options.SpoolPath);
        var counts = spool.Counts();
        Assert.True(counts.Rejected == 0, $"rejected: {RejectionReasons(options.SpoolPath)}");
        return counts.Acked + counts.Pending;
    }

    private static string RejectionReasons(string spool)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={spool};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason, COUNT(*) FROM reports WHERE state = 'rejected' GROUP BY reason";
        using var reader = command.ExecuteReader();
        var reasons = new List<string>();
        while (reader.Read())
        {
            reasons.Add($"{reader.GetValue(0)} x{reader.GetInt64(1)}");
        }

        return string.Join("; ", reasons);
    }

    private async Task<List<(string Device, ulong Epoch, ulong Sequence)>> LoggedReports(HashSet<string> devices, TestParty reader)
    {
        var size = (await _server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;
        var reports = new List<(string, ulong, ulong)>();
        for (var start = 0L; start < size; start += 1000)
        {
            var request = new GetEntriesRequest { Start = start, Count = 1000, Reader = reader.Sign(new EntriesReader { Header = Accord.Client.RequestSigning.Header(reader.Id) }) };
            foreach (var entry in (await _server.Log.GetEntriesAsync(request)).Entries)
            {
                var envelope = Envelope.Parser.ParseFrom(entry.Entry);
                if (envelope.PayloadType == MonitoringReport.Descriptor.FullName)
                {
                    var report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
                    if (devices.Contains(report.DeviceId))
                    {
                        reports.Add((report.DeviceId, report.BootEpoch, report.Sequence));
                    }
                }
            }
        }

        return reports;
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the agent");
            await Task.Delay(50);
        }
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
