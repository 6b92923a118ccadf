using Accord.Core.Parties;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Abstractions.Parties;

namespace Accord.Grains.Abstractions.Governance;

/// <summary>The governance body's acts, applied in sequence (one grain, key <see cref="Key"/>).</summary>
[Alias("accord.governance")]
public interface IGovernanceGrain : IGrainWithStringKey
{
    /// <summary>The key of the one governance grain.</summary>
    public const string Key = "body";

    /// <summary>
    /// Applies an act whose signatures the caller has checked against the governance body: refused when it is not
    /// the next in sequence or does not apply (an unknown party, a role held or not held, a certificate not revoked);
    /// else logged, applied, and returned.
    /// </summary>
    [Alias("enact")]
    Task<Outcome<GovernanceApplied>> Enact(GovernanceActCommand command, CancellationToken cancellationToken = default);

    /// <summary>The sequence number of the last act applied; 0 before the first.</summary>
    [Alias("last-sequence")]
    Task<ulong> LastSequence();
}

/// <summary>A governance act, parsed and signature-checked.</summary>
[GenerateSerializer, Immutable, Alias("accord.governance-act")]
public sealed record GovernanceActCommand
{
    [Id(0)] public required ulong Sequence { get; init; }
    [Id(1)] public required GovernanceActKind Kind { get; init; }
    /// <summary>The party whose role changes, or the SHA-256 of the certificate reinstated.</summary>
    [Id(2)] public required string Subject { get; init; }
    /// <summary>The role granted or removed; unused for a reinstatement.</summary>
    [Id(3)] public PartyRole Role { get; init; }
    [Id(4)] public required string Reason { get; init; }
    [Id(5)] public required StoredEnvelope Envelope { get; init; }
}

/// <summary>An act as applied.</summary>
[GenerateSerializer, Immutable, Alias("accord.governance-applied")]
public sealed record GovernanceApplied
{
    [Id(0)] public required ulong Sequence { get; init; }
    /// <summary>The party as it now stands, for a role change.</summary>
    [Id(1)] public PartyState? Party { get; init; }
}

/// <summary>The acts applied so far.</summary>
[GenerateSerializer, Immutable, Alias("accord.governance-state")]
public sealed record GovernanceState
{
    [Id(0)] public ulong LastSequence { get; init; }
    /// <summary>Each act's transparency log index, by sequence (index 0 is act 1).</summary>
    [Id(1)] public ImmutableList<long> ActLogIndices { get; init; } = [];
}
