using System.Net;
using System.Net.Sockets;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Common;
using Accord.Server.Log;
using Accord.Server.Mapping;
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
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: FreeLoopbackPort(), serviceId: "accord", clusterId: "accord-embedded");
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
    /// </summary>
    private static void AddPostgresSilo(this WebApplicationBuilder builder, AccordServerOptions options)
    {
        var database = new PostgresDatabase(options.Postgres!);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<ITransparencyLogStore>(_ => new PostgresLogStore(database));
        var address = IPAddress.Parse(options.Host);
        if (IPAddress.Any.Equals(address) || IPAddress.IPv6Any.Equals(address))
        {
            throw new InvalidOperationException("with PostgreSQL the server advertises its Host to the other silos: listen on a concrete address, not 0.0.0.0");
        }

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
                o.GatewayPort = options.GatewayPort == 0 ? FreeLoopbackPort() : options.GatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(address, o.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(address, o.GatewayPort);
            });
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
