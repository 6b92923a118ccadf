using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Devices;

/// <summary>A manufacturer root an inspector trusts.</summary>
[GenerateSerializer, Immutable, Alias("accord.trust-root")]
public sealed record TrustRootEntry
{
    [Id(0)] public required string Sha256 { get; init; }
    [Id(1)] public required string Subject { get; init; }
    [Id(2)] public required string Label { get; init; }
    [Id(3)] public required string AddedBy { get; init; }
    [Id(4)] public required DateTimeOffset AddedAt { get; init; }
    [Id(5)] public required byte[] Der { get; init; }
    [Id(6)] public required StoredEnvelope Envelope { get; init; }
}

/// <summary>A certificate an inspector revoked.</summary>
[GenerateSerializer, Immutable, Alias("accord.revocation")]
public sealed record RevocationEntry
{
    [Id(0)] public required string Sha256 { get; init; }
    [Id(1)] public required string Reason { get; init; }
    [Id(2)] public required string RevokedBy { get; init; }
    [Id(3)] public required DateTimeOffset RevokedAt { get; init; }
    [Id(4)] public required StoredEnvelope Envelope { get; init; }
}

/// <summary>The trust store: roots and revocations.</summary>
[GenerateSerializer, Immutable, Alias("accord.trust-state")]
public sealed record TrustState
{
    [Id(0)] public ImmutableList<TrustRootEntry> Roots { get; init; } = [];
    [Id(1)] public ImmutableList<RevocationEntry> Revocations { get; init; } = [];
}

/// <summary>The manufacturer trust inspectors configure (one grain, key <see cref="Key"/>).</summary>
[Alias("accord.trust")]
public interface ITrustStoreGrain : IGrainWithStringKey
{
    public const string Key = "main";

    [Alias("add-root")]
    Task<Outcome<TrustRootEntry>> AddRoot(string inspectorId, byte[] der, string label, StoredEnvelope envelope, CancellationToken cancellationToken = default);

    [Alias("revoke")]
    Task<Outcome<RevocationEntry>> Revoke(string inspectorId, string sha256, string reason, StoredEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Lifts a revocation (a governance act, logged by the governance grain); refused when the certificate is not revoked.</summary>
    [Alias("reinstate")]
    Task<Outcome<RevocationEntry>> Reinstate(string sha256, CancellationToken cancellationToken = default);

    [Alias("get")]
    Task<TrustState> Get();
}
