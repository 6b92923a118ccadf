using Accord.Grains.Abstractions.Common;
using Accord.Core.Keys;
using Accord.Core.Notes;
using Accord.Grains.Common;
using Accord.Transparency;
using Accord.Transparency.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Accord.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo shared by every grain test: grain state in memory storage under
/// <see cref="AccordStorage.Name"/>, grain time from a <see cref="FakeTimeProvider"/> the tests advance.
/// The silo's own background loops stay on real time so that advancing the fake clock never runs them.
/// Tests call grains through an external cluster client, so every request and response crosses the wire
/// serializer, as calls between silos of a cluster do.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Where the fake clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(AccordStorage.Name);
            silo.Services.AddOptions<RequestFreshnessOptions>();
            silo.Services.AddOptions<TransparencyLogOptions>();
            silo.Services.AddOptions<Accord.Grains.Devices.MonitoringOptions>();
            silo.Services.AddSingleton(new LogIdentity(new NoteSigner("grains.test/log", LogKey), []));
            silo.Services.AddSingleton<Accord.Grains.Telemetry.AccordMetrics>();
            silo.Services.AddSingleton<IWireFormat, Accord.Server.Mapping.ProtoWireFormat>();
            silo.Services.AddSingleton<ITransparencyLogStore>(_ => new SqliteLogStore(Path.Combine(_directory, "log.db")));
            silo.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
        Cluster = builder.Build();
    }

    private readonly string _directory = Directory.CreateTempSubdirectory("accord-grains-").FullName;

    /// <summary>The transparency log's key (the log is real: SQLite in a temp directory).</summary>
    public PartyKeyPair LogKey { get; } = PartyKeyPair.Generate();

    /// <summary>The silo's clock for grains.</summary>
    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; }

    /// <summary>Grains reached through the external client (serialized calls).</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The skew the silo runs with (the <see cref="RequestFreshnessOptions"/> default).</summary>
    public TimeSpan MaxClockSkew { get; } = new RequestFreshnessOptions().MaxClockSkew;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// The Orleans wire bytes of a value: two snapshots are equal exactly when the states are, which record
    /// equality cannot tell for states holding lists and byte arrays.
    /// </summary>
    public byte[] Snapshot<T>(T value) => Silo.GetRequiredService<Serializer>().SerializeToArray(value);

    /// <summary>The silo's grain storage, for tests that set up state as an earlier activation left it.</summary>
    public Orleans.Storage.IGrainStorage Storage => Silo.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(AccordStorage.Name);

    private IServiceProvider Silo => Cluster.Silos[0].ServiceProvider;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The collection every grain test class joins, so that they share one cluster and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
