namespace Accord.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that run a PostgreSQL server and `accord serve --postgres` silos as processes (ClusterCrashTests,
/// OrleansPortTests): one class at a time, so that their processes do not crowd each other, or the tests beside
/// them, on a small machine; the longest collection, so it starts first.
/// </summary>
[CollectionDefinition(Name)]
[RunsLong(120)]
public sealed class ClusterCollection
{
    public const string Name = "cluster processes";
}
