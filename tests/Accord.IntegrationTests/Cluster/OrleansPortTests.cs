using System.Diagnostics;
using System.Globalization;
using System.Net;
using Accord.Grains.Abstractions.Parties;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Accord.Server.Security;
using Accord.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Xunit.Abstractions;

namespace Accord.IntegrationTests.Cluster;

/// <summary>
/// A plain Orleans client cannot call Accord's grains: two `accord serve --postgres` silos of one cluster (real
/// processes, mutual TLS, each its own certificate from the cluster CA), one without a gateway (the default) and one
/// with a gateway port. Without the cluster's certificate a client finds no gateway to connect to, or fails the
/// handshake (no TLS, no client certificate, a certificate from another CA, each logged by the silo as a failed
/// authentication); with a certificate from the cluster CA the same client reads a party, so the refusals are TLS's.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OrleansPortTests(OrleansPortTests.Cluster cluster, ITestOutputHelper output) : IClassFixture<OrleansPortTests.Cluster>
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What the silo's TLS reports when a client speaks Orleans without TLS: any failure (its preamble is no TLS record).</summary>
    private const string NotTls = "";

    /// <summary>What the silo's TLS reports when a client has no certificate, or one that does not chain to the cluster CA.</summary>
    private const string CertificateRefused = "The remote certificate was rejected";

    [Fact]
    public async Task OrleansClient_NoGatewayConfigured_ListensOnGrpcAndSiloPortOnlyAndSiloPortRefusesPlainClient()
    {
        var closed = cluster.Closed;

        var ports = ListeningPorts.Of(closed.ProcessId);
        var advertised = (await cluster.MembershipAsync())[closed.SiloPort].ProxyPort;
        var refused = await ConnectFailsAsync(closed, closed.SiloPort, tls: null, NotTls);

        output.WriteLine($"{closed.Name} listens on {string.Join(", ", ports)} (gRPC {closed.Address.Port}, silo {closed.SiloPort}); "
            + $"gateway in the membership table: {advertised}; a plain client on the silo port: {refused}");
        Assert.Equal(new SortedSet<int> { closed.Address.Port, closed.SiloPort }, ports);
        Assert.Equal(0, advertised);
    }

    [Fact]
    public async Task OrleansClient_GatewayWithoutClusterCertificate_RefusedByTlsAndServedWithIt()
    {
        var gateway = cluster.Gateway;
        var port = gateway.GatewayPort;
        Assert.Contains(port, ListeningPorts.Of(gateway.ProcessId));
        Assert.Equal(port, (await cluster.MembershipAsync())[gateway.SiloPort].ProxyPort);
        var roots = Core.Tls.PrivateRoots.Load(cluster.Member.Ca);

        var plain = await ConnectFailsAsync(gateway, port, tls: null, NotTls);
        var anonymous = await ConnectFailsAsync(gateway, port, client => client.UseTls(tls =>
        {
            tls.ClientCertificateMode = RemoteCertificateMode.AllowCertificate; // no certificate of its own
            tls.RemoteCertificateValidation = ClusterTls.Member(roots);
        }), CertificateRefused);
        var foreign = ServerCertificate.Load(new ClusterTlsOptions { CertificatePath = cluster.Foreign.Certificate, KeyPath = cluster.Foreign.Key });
        var stranger = await ConnectFailsAsync(gateway, port, client => client.UseTls(foreign.Certificate, tls => tls.RemoteCertificateValidation = ClusterTls.Member(roots)), CertificateRefused);

        var member = ServerCertificate.Load(new ClusterTlsOptions { CertificatePath = cluster.Member.Certificate, KeyPath = cluster.Member.Key });
        using var host = BuildClient(port, client => client.UseTls(member.Certificate, tls => tls.RemoteCertificateValidation = ClusterTls.Member(roots)));
        await host.StartAsync().WaitAsync(ConnectTimeout);
        var party = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IPartyGrain>(cluster.PartyId).Get().WaitAsync(ConnectTimeout);
        await host.StopAsync();

        output.WriteLine($"no TLS: {plain}\nTLS, no client certificate: {anonymous}\ncertificate from another CA: {stranger}\ncluster certificate: read party {party?.PartyId}");
        Assert.Equal(cluster.PartyId, party?.PartyId);
    }

    /// <summary>
    /// Connects a client to <paramref name="port"/> and expects it to fail, and the silo to log that TLS authentication
    /// failed with <paramref name="reason"/>; returns the client's error in one line.
    /// </summary>
    private static async Task<string> ConnectFailsAsync(SiloProcess silo, int port, Action<IClientBuilder>? tls, string reason)
    {
        var failuresBefore = silo.CountOutput(line => IsTlsFailure(line, reason));
        using var host = BuildClient(port, tls);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await host.StartAsync().WaitAsync(ConnectTimeout);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IPartyGrain>("anyone").Get().WaitAsync(ConnectTimeout);
        });

        var clock = Stopwatch.StartNew();
        while (silo.CountOutput(line => IsTlsFailure(line, reason)) == failuresBefore && clock.Elapsed < ConnectTimeout)
        {
            await Task.Delay(100);
        }

        Assert.True(silo.CountOutput(line => IsTlsFailure(line, reason)) > failuresBefore, $"{silo.Name} logged no TLS authentication failure ({reason}):\n{silo.Output()}");
        return $"{error.GetType().Name}: {string.Join(' ', error.Message.Split('\n', StringSplitOptions.TrimEntries))}";
    }

    /// <summary>A line of the exception that Orleans' TLS middleware logs with "Authentication failed".</summary>
    private static bool IsTlsFailure(string line, string reason) =>
        line.Contains("System.Security.Authentication.AuthenticationException: ", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal);

    /// <summary>An Orleans client of Accord's cluster on one gateway address (static clustering), that does not retry a failed connection.</summary>
    private static IHost BuildClient(int port, Action<IClientBuilder>? configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = "accord";
                o.ClusterId = "accord";
            });
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port));
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            configure?.Invoke(client);
        });
        return builder.Build();
    }

    /// <summary>PostgreSQL, the cluster CA with certificates for two silos and a client, another CA's client certificate, and the two silos.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private readonly PostgresInstance _postgres = PostgresInstance.Start();
        private readonly TempDirectory _data = new("accord-ports-");
        private readonly TestCertificates _certificates = new();

        /// <summary>Orleans' SiloStatus.Active, as the membership table stores it.</summary>
        private const int Active = 3;

        public SiloProcess Closed { get; private set; } = null!;

        public SiloProcess Gateway { get; private set; } = null!;

        /// <summary>A client certificate from the cluster CA.</summary>
        public ClusterCredentials Member { get; private set; } = null!;

        /// <summary>A client certificate from another CA.</summary>
        public ClusterCredentials Foreign { get; private set; } = null!;

        /// <summary>A party registered through gRPC, for a client to read.</summary>
        public string PartyId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var init = await CliRunner.RunAsync("db", "init", "--postgres", _postgres.ConnectionString);
            Assert.True(init.Code == 0, init.Err);
            var credentials = _certificates.Cluster("cluster", "silo-closed", "silo-gateway", "client");
            Member = credentials["client"];
            Foreign = _certificates.Cluster("foreign", "client")["client"];

            Closed = new SiloProcess("silo-closed", _data.Path, _postgres.ConnectionString, credentials["silo-closed"]);
            await Closed.StartAsync();
            Gateway = new SiloProcess("silo-gateway", _data.Path, _postgres.ConnectionString, credentials["silo-gateway"], gateway: true);
            await Gateway.StartAsync();

            using var channel = GrpcChannel.ForAddress(Closed.Address);
            PartyId = (await TestParty.RegisterAsync(new RegistryService.RegistryServiceClient(channel), "ports-lab")).Id;

            // A silo becomes Active only after it reached every active silo: both Active means silo-to-silo mutual TLS works.
            var membership = await MembershipAsync();
            Assert.True(
                membership.TryGetValue(Closed.SiloPort, out var closed) && closed.Status == Active && membership.TryGetValue(Gateway.SiloPort, out var open) && open.Status == Active,
                $"both silos should be Active: {string.Join(", ", membership.Select(m => $"{m.Key}: {m.Value}"))}");
        }

        /// <summary>The cluster's silos in the membership table, by silo port: Orleans' status and the gateway port each advertises (0: none).</summary>
        public async Task<IReadOnlyDictionary<int, (int Status, int ProxyPort)>> MembershipAsync()
        {
            await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT silo_address, status, proxy_port FROM accord_membership WHERE cluster_id = 'accord'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var silos = new Dictionary<int, (int, int)>();
            while (await reader.ReadAsync())
            {
                var address = reader.GetString(0); // ip:port@generation; a restarted silo's newest row wins
                var siloPort = int.Parse(address[(address.IndexOf(':', StringComparison.Ordinal) + 1)..address.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                if (!silos.TryGetValue(siloPort, out var known) || known.Item1 != Active)
                {
                    silos[siloPort] = (reader.GetInt32(1), reader.GetInt32(2));
                }
            }

            return silos;
        }

        public Task DisposeAsync()
        {
            Gateway?.Dispose();
            Closed?.Dispose();
            _postgres.Dispose();
            _data.Dispose();
            _certificates.Dispose();
            return Task.CompletedTask;
        }
    }
}
