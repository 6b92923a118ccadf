using Accord.Testing.Server;

namespace Accord.PropertyTests.Infrastructure;

/// <summary>Tests that share one server.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<AccordServerFixture>
{
    public const string Name = "server";
}
