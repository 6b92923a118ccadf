using Accord.Protos.V1;
using Accord.Server.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>A real Accord server (silo + gRPC over HTTP/2) on a free loopback port, with its own data directory.</summary>
public sealed class AccordServerFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private GrpcChannel? _channel;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "accord-test-" + Guid.NewGuid().ToString("N")[..10]);

    public Uri Address { get; private set; } = null!;

    public RegistryService.RegistryServiceClient Registry { get; private set; } = null!;

    public GrpcChannel Channel => _channel!;

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Starts (or starts again) on the same data directory.</summary>
    public async Task StartAsync()
    {
        _app = AccordServerHost.Build([], options =>
        {
            options.DataDirectory = DataDirectory;
            options.Port = 0;
            options.MaxRequestBytes = 256 * 1024;
        });
        Address = await AccordServerHost.StartAsync(_app);
        _channel = GrpcChannel.ForAddress(Address);
        Registry = new RegistryService.RegistryServiceClient(_channel);
    }

    public async Task StopAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }
}

/// <summary>Tests that share one server.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<AccordServerFixture>
{
    public const string Name = "server";
}
