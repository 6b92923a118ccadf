namespace Accord.Grains.Abstractions.Parties;

/// <summary>The list of every registered party id (a single grain, key "all").</summary>
[Alias("accord.party-directory")]
public interface IPartyDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the one directory grain.</summary>
    public const string Key = "all";

    /// <summary>Adds a party id (idempotent).</summary>
    [Alias("add")]
    Task Add(string partyId, CancellationToken cancellationToken = default);

    /// <summary>Every party id, ordered.</summary>
    [Alias("list")]
    Task<ImmutableList<string>> List();
}

/// <summary>The directory's state.</summary>
[GenerateSerializer, Immutable, Alias("accord.party-directory-state")]
public sealed record PartyDirectoryState
{
    [Id(0)] public ImmutableSortedSet<string> PartyIds { get; init; } = [];
}
