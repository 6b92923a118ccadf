namespace Accord.IntegrationTests.Infrastructure;

/// <summary>
/// Tests whose assertions count against the wall clock: token buckets refilling per second (RateLimitTests), a
/// server process that must stop within System.CommandLine's two-second termination grace (ServeProcessTests).
/// They run after the parallel ones, alone, so that another test's load cannot stretch the time they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
