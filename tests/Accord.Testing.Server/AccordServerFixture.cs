using Accord.Core.Keys;
using Accord.Core.Notes;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Accord.Testing.Server;

/// <summary>
/// A real Accord server (silo + gRPC over HTTP/2) on a free loopback port, with its own data directory.
/// A test assembly shares one among its classes through an xunit collection it defines itself
/// (<c>[CollectionDefinition("server")] ServerCollection : ICollectionFixture&lt;AccordServerFixture&gt;</c>):
/// xunit 2 finds collection definitions only in the test assembly.
/// </summary>
public sealed class AccordServerFixture : ITestServer, IAsyncLifetime
{
    /// <summary>The CA (or self-signed) certificate the fixture's own channel trusts, when the server runs TLS.</summary>
    public string? CaCertificate { get; init; }

    /// <summary>Extra server options (applied after the fixture's own).</summary>
    public Action<AccordServerOptions>? Configure { get; init; }

    private WebApplication? _app;
    private int _port;
    private GrpcChannel? _channel;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "accord-test-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>The name of the witness the server trusts.</summary>
    public const string WitnessName = "witness.test";

    /// <summary>The key of the witness the server trusts (cosignature/v1).</summary>
    public PartyKeyPair WitnessKey { get; } = PartyKeyPair.Generate();

    public NoteSigner Witness => new(WitnessName, WitnessKey, NoteKeyType.CosignatureV1);

    public TransparencyLogService.TransparencyLogServiceClient Log { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public RegistryService.RegistryServiceClient Registry { get; private set; } = null!;

    public NegotiationService.NegotiationServiceClient Negotiation { get; private set; } = null!;

    public GrpcChannel Channel => _channel!;

    /// <summary>The running server's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the server is not running");

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Starts (or starts again) on the same data directory and, after the first start, the same port.</summary>
    public async Task StartAsync()
    {
        _app = AccordServerHost.Build([], options =>
        {
            options.DataDirectory = DataDirectory;
            options.Port = _port;
            options.MaxRequestBytes = 256 * 1024;
            options.Log.Witnesses.Add(Witness.VerifierKey);
            options.Governance.Keys = [TestGovernance.PublicKeyBase64];

            // Test classes share one server and register parties by the hundred from one address; a test of the registration limit sets its own.
            options.RateLimits.Registrations = new TokenBucketOptions { PerSecond = 10_000, Burst = 100_000 };
            Configure?.Invoke(options);
        });
        try
        {
            Address = await AccordServerHost.StartAsync(_app);
            _port = Address.Port;
        }
        catch
        {
            await _app.DisposeAsync();
            _app = null;
            throw;
        }

        _channel = Accord.Client.AccordChannel.Open(Address, CaCertificate);
        Registry = new RegistryService.RegistryServiceClient(_channel);
        Log = new TransparencyLogService.TransparencyLogServiceClient(_channel);
        Negotiation = new NegotiationService.NegotiationServiceClient(_channel);
    }

    /// <summary>The log's verifier key as the server reports it.</summary>
    public async Task<NoteVerifier> LogKeyAsync() => NoteVerifier.Parse((await Log.GetLogInfoAsync(new GetLogInfoRequest())).VerifierKey);

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
