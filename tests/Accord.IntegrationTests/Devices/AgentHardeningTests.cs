using Accord.Agent;
using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Devices;

/// <summary>
/// The real agent against a server with TLS (a private CA) and a report rate below what the agent
/// produces: it trusts the CA, is refused RATE_LIMITED along the way, waits, and loses or rejects nothing.
/// </summary>
public sealed class AgentHardeningTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = new();
    private readonly TempDirectory _dir = new("accord-agent-tls-");
    private AccordServerFixture _server = null!;
    private string _ca = null!;

    public async Task InitializeAsync()
    {
        var (ca, certificate, key) = _certificates.Issued("agent-server");
        _ca = ca;
        _server = new AccordServerFixture
        {
            CaCertificate = ca,
            Configure = o =>
            {
                (o.Tls.CertificatePath, o.Tls.KeyPath) = (certificate, key);
                o.RateLimits.Reports = new Accord.Server.Hosting.TokenBucketOptions { PerSecond = 4, Burst = 8 };
            },
        };
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
        _certificates.Dispose();
    }

    [Fact]
    public async Task AgentRun_HttpsServerAndLabOverItsReportRate_EveryReportAcknowledgedNoneRejected()
    {
        using var metrics = new Measurements(_server);
        var kit = await DeviceKit.CreateAsync(_server);
        var device = kit.NewDevice();
        await kit.EnrolAsync(device);
        var labKey = _dir.File("lab.key");
        KeyFile.Write(labKey, kit.Lab.Id, kit.Lab.Key);
        var options = new AgentOptions
        {
            Server = _server.Address,
            CaCertificatePath = _ca,
            LabKeyFile = labKey,
            SpoolPath = _dir.File("spool.db"),
            ReportInterval = TimeSpan.FromMilliseconds(50),
            BatchSize = 8,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            Devices = [new AgentDeviceOptions { DeviceId = device.DeviceId, Chip = "steady", Seed = 11 }],
        };
        var runner = new AgentRunner();

        await AgentRuns.RunUntilAsync(runner, options, [new PemDeviceIdentity(device)],
            status => status.Acked >= 24 && metrics.Sum("accord.requests.rate_limited", ("limit", "reports")) > 0);

        var status = runner.Status;
        Assert.True(status.Acked >= 24, $"only {status.Acked} acknowledged");
        Assert.Equal(0, status.Rejected);
        Assert.True(metrics.Sum("accord.requests.rate_limited", ("limit", "reports")) > 0, "the agent was never rate limited");
        var record = await kit.ReadDeviceAsync(device.DeviceId);
        Assert.Equal((ulong)status.Acked, record.Reports);
        Assert.Empty(record.Gaps);
    }
}
