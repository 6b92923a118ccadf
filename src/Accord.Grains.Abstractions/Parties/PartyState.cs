using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Parties;

/// <summary>A registered party: its keys, roles, commitments and the nonces it used inside the freshness window.</summary>
[GenerateSerializer, Immutable, Alias("accord.party-state")]
public sealed record PartyState
{
    [Id(0)] public string PartyId { get; init; } = "";
    [Id(1)] public string DisplayName { get; init; } = "";
    /// <summary>Role names as in <c>Accord.Core.Parties.PartyRole</c>.</summary>
    [Id(2)] public ImmutableList<string> Roles { get; init; } = [];
    /// <summary>Raw 32-byte Ed25519 public keys.</summary>
    [Id(3)] public ImmutableList<byte[]> PublicKeys { get; init; } = [];
    [Id(4)] public DateTimeOffset RegisteredAt { get; init; }
    [Id(5)] public StoredEnvelope? Registration { get; init; }
    [Id(6)] public ImmutableList<string> CommitmentIds { get; init; } = [];
    /// <summary>Nonce -> the request timestamp it came with; pruned to the freshness window.</summary>
    [Id(7)] public ImmutableDictionary<string, DateTimeOffset> RecentNonces { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;
    /// <summary>The transparency log index of the registration.</summary>
    [Id(8)] public long RegistrationLogIndex { get; init; } = -1;
    /// <summary>The governance acts that granted or removed its roles, oldest first.</summary>
    [Id(9)] public ImmutableList<RoleChangeEntry> RoleChanges { get; init; } = [];
    /// <summary>How many negotiation sessions it has created.</summary>
    [Id(10)] public int SessionCount { get; init; }
    /// <summary>The bytes of those sessions' domains.</summary>
    [Id(11)] public long SessionBytes { get; init; }
    /// <summary>The agreements that name it among their parties, in the order they were proposed.</summary>
    [Id(12)] public ImmutableList<string> AgreementIds { get; init; } = [];

    public bool IsRegistered => Registration is not null;

    /// <summary>This party as <see cref="Core.Parties.Permissions"/> judges it: its id and roles.</summary>
    public Core.Parties.ActingParty ToActingParty() => Core.Parties.ActingParty.WithRoleNames(PartyId, Roles);
}

/// <summary>A governance act on a party's roles, as the party holds it.</summary>
[GenerateSerializer, Immutable, Alias("accord.role-change")]
public sealed record RoleChangeEntry
{
    [Id(0)] public required ulong Sequence { get; init; }
    /// <summary>The role's name as in <c>Accord.Core.Parties.PartyRole</c>.</summary>
    [Id(1)] public required string Role { get; init; }
    [Id(2)] public required bool Granted { get; init; }
    [Id(3)] public required string Reason { get; init; }
    [Id(4)] public required long LogIndex { get; init; }
}

/// <summary>What a party's registration asks for (already validated and signature-checked by the caller).</summary>
[GenerateSerializer, Immutable, Alias("accord.party-registration")]
public sealed record PartyRegistrationCommand
{
    [Id(0)] public required string DisplayName { get; init; }
    [Id(1)] public required ImmutableList<string> Roles { get; init; }
    [Id(2)] public required byte[] PublicKey { get; init; }
    [Id(3)] public required StoredEnvelope Registration { get; init; }
    [Id(4)] public required DateTimeOffset IssuedAt { get; init; }
    [Id(5)] public required string Nonce { get; init; }
}
