using System.Net;
using System.Net.Sockets;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Common;
using Accord.Grains.Log;
using Accord.Server.Log;
using Accord.Server.Storage;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Accord.Server.Hosting;

/// <summary>The embedded silo: localhost clustering, grain state in SQLite under the data directory.</summary>
public static class OrleansHostingExtensions
{
    public static WebApplicationBuilder AddAccordSilo(this WebApplicationBuilder builder, AccordServerOptions options)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<RequestFreshnessOptions>(o => o.MaxClockSkew = options.MaxClockSkew);
        builder.Services.Configure<SqliteStorageOptions>(o => o.DatabasePath = options.DatabasePath);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Log));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Monitoring));
        builder.Services.AddSingleton(LogIdentityLoader.Load(options.DataDirectory, options.Log));
        builder.Services.AddSingleton<ITransparencyLogStore>(_ => new SqliteLogStore(options.LogDatabasePath));
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: FreeLoopbackPort(), serviceId: "accord", clusterId: "accord-embedded");
            silo.Services.AddGrainStorage(AccordStorage.Name, (services, name) => new SqliteGrainStorage(
                name,
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteStorageOptions>>(),
                services.GetRequiredService<Serializer>()));
        });
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
