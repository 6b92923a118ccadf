using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Accord.Core.Tls;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Common;
using Accord.Server.Log;
using Accord.Server.Mapping;
using Accord.Server.Security;
using Accord.Server.Storage;
using Accord.Transparency;
using Accord.Transparency.Storage;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Accord.Server.Hosting;

/// <summary>
/// The silo: embedded (localhost clustering, state in SQLite under the data directory) by default, or a
/// member of a cluster whose membership, grain state and transparency log live in PostgreSQL.
/// </summary>
public static class OrleansHostingExtensions
{
    /// <summary>The configuration section whose keys tune Orleans' failure detection (ClusterMembershipOptions), with PostgreSQL.</summary>
    public const string MembershipSection = "Orleans:Membership";

    public static WebApplicationBuilder AddAccordSilo(this WebApplicationBuilder builder, AccordServerOptions options)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<Accord.Grains.Telemetry.AccordMetrics>();
        builder.Services.AddSingleton<IWireFormat, ProtoWireFormat>();
        builder.Services.Configure<RequestFreshnessOptions>(o => o.MaxClockSkew = options.MaxClockSkew);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Log));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Monitoring));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Negotiation));
        builder.Services.AddSingleton(LogIdentityLoader.Load(options.DataDirectory, options.Log));
        builder.Services.AddSingleton(Security.GovernanceLoader.Load(options.DataDirectory, options.Governance));
        if (options.UsesPostgres)
        {
            builder.AddPostgresSilo(options);
        }
        else
        {
            builder.AddEmbeddedSilo(options);
        }

        return builder;
    }

    private static void AddEmbeddedSilo(this WebApplicationBuilder builder, AccordServerOptions options)
    {
        // One embedded server per data directory: taken before anything opens its files, released when the host is disposed.
        var directoryLock = DataDirectoryLock.Acquire(options.DataDirectory);
        builder.Services.AddSingleton(_ => directoryLock);
        builder.Services.Configure<SqliteStorageOptions>(o => o.DatabasePath = options.DatabasePath);
        builder.Services.AddSingleton<ITransparencyLogStore>(_ => new SqliteLogStore(options.LogDatabasePath));
        var (local, roots) = ClusterTls.ProcessOnly();
        builder.UseOrleans(silo =>
        {
            // No gateway (gatewayPort 0): the gRPC services run in this process and call grains directly. The silo port
            // is on loopback, and TLS pinned to a certificate made for this process keeps every other process off it.
            silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: 0, serviceId: "accord", clusterId: "accord-embedded");
            silo.UseClusterTls(local, roots);
            silo.Services.AddGrainStorage(AccordStorage.Name, (services, name) => new SqliteGrainStorage(
                name,
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteStorageOptions>>(),
                services.GetRequiredService<Serializer>()));
        });
    }

    /// <summary>
    /// A silo of a PostgreSQL-backed cluster: membership in accord_membership, grain state in
    /// accord_grain_state, the log in accord_log_* (deploy/postgres/). Grains are placed anywhere in the
    /// cluster; the log grain has one activation cluster-wide, wherever it is, so the log has one writer.
    /// Its Orleans ports take only peers holding a certificate of the cluster (mutual TLS), unless the
    /// operator opted out; a gateway is opened only when a port is configured.
    /// </summary>
    private static void AddPostgresSilo(this WebApplicationBuilder builder, AccordServerOptions options)
    {
        var address = IPAddress.Parse(options.Host);
        if (IPAddress.Any.Equals(address) || IPAddress.IPv6Any.Equals(address))
        {
            throw new InvalidOperationException("with PostgreSQL the server advertises its Host to the other silos: listen on a concrete address, not 0.0.0.0");
        }

        // Read before anything else is set up: a certificate that cannot be loaded stops the server at once, naming the file.
        var clusterTls = LoadClusterTls(options.ClusterTls);
        var database = new PostgresDatabase(options.Postgres!);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<ITransparencyLogStore>(_ => new PostgresLogStore(database));

        var membership = builder.Configuration.GetSection(MembershipSection);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = "accord";
                o.ClusterId = options.ClusterId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = address;
                o.SiloPort = options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort;
                o.SiloListeningEndpoint = new IPEndPoint(address, o.SiloPort);

                // Orleans opens no gateway when GatewayPort is 0 and no GatewayListeningEndpoint is set.
                o.GatewayPort = options.GatewayPort;
                o.GatewayListeningEndpoint = options.GatewayPort == 0 ? null : new IPEndPoint(address, options.GatewayPort);
            });
            if (clusterTls is { } tls)
            {
                silo.UseClusterTls(tls.Local, tls.Roots);
            }

            silo.Configure<ClusterMembershipOptions>(membership);
            silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
            silo.Services.AddGrainStorage(AccordStorage.Name, (services, name) => new PostgresGrainStorage(
                name,
                database,
                services.GetRequiredService<Serializer>()));
            if (RunsInKubernetes(Environment.GetEnvironmentVariable))
            {
                // Silo name = pod name, and the pods of silos declared dead are deleted (deploy/kubernetes/).
                silo.UseKubernetesHosting();
            }
        });
    }

    /// <summary>
    /// Whether the silo runs in a Kubernetes pod that asks for Orleans' Kubernetes hosting: the pod's
    /// manifest sets POD_NAME (from metadata.name) and ORLEANS_SERVICE_ID (deploy/kubernetes/accord.yaml).
    /// </summary>
    internal static bool RunsInKubernetes(Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(environment("POD_NAME")) && !string.IsNullOrWhiteSpace(environment("ORLEANS_SERVICE_ID"));

    /// <summary>This silo's cluster certificate and the roots a peer's must chain to; null when cluster TLS is off (the plaintext opt-out).</summary>
    private static (ServerCertificate Local, X509Certificate2Collection Roots)? LoadClusterTls(ClusterTlsOptions tls)
    {
        if (!tls.Enabled)
        {
            return null;
        }

        var local = ServerCertificate.Load(tls);
        try
        {
            return (local, PrivateRoots.Load(tls.CaPath!));
        }
        catch (IOException e)
        {
            throw new IOException($"cluster TLS: the cluster CA {e.Message}", e);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
