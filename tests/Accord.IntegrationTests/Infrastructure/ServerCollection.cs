using Accord.Testing.Server;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Tests that share one server.</summary>
[CollectionDefinition(Name)]
[RunsLong(40)]
public sealed class ServerCollection : ICollectionFixture<AccordServerFixture>
{
    public const string Name = "server";
}
