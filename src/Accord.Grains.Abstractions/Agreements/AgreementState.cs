using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Agreements;

/// <summary>One accepted signature on an agreement.</summary>
[GenerateSerializer, Immutable, Alias("accord.agreement-signature")]
public sealed record AgreementSignatureEntry
{
    [Id(0)] public required string PartyId { get; init; }
    [Id(1)] public required DateTimeOffset SignedAt { get; init; }
    [Id(2)] public required StoredEnvelope Envelope { get; init; }
    /// <summary>The transparency log index of the signature.</summary>
    [Id(3)] public long LogIndex { get; init; } = -1;
}

/// <summary>An agreement: the signed proposal as received, its signatures and dependent commitments.</summary>
[GenerateSerializer, Immutable, Alias("accord.agreement-state")]
public sealed record AgreementState
{
    [Id(0)] public string AgreementId { get; init; } = "";
    [Id(1)] public string ProposedBy { get; init; } = "";
    [Id(2)] public StoredEnvelope? Proposal { get; init; }
    [Id(3)] public ImmutableList<string> PartyIds { get; init; } = [];
    /// <summary>Signatures needed to activate; equals the party count for an all-parties rule.</summary>
    [Id(4)] public int Threshold { get; init; }
    [Id(5)] public byte[] TermsDigest { get; init; } = [];
    [Id(6)] public DateTimeOffset ProposedAt { get; init; }
    [Id(7)] public DateTimeOffset? ActivatedAt { get; init; }
    [Id(8)] public ImmutableList<AgreementSignatureEntry> Signatures { get; init; } = [];
    [Id(9)] public ImmutableList<string> CommitmentIds { get; init; } = [];
    /// <summary>The transparency log index of the proposal.</summary>
    [Id(10)] public long ProposalLogIndex { get; init; } = -1;

    public bool IsProposed => Proposal is not null;
    public ImmutableList<string> Signers => Signatures.Select(s => s.PartyId).ToImmutableList();
}

/// <summary>A proposal to record (validated and signature-checked by the caller).</summary>
[GenerateSerializer, Immutable, Alias("accord.agreement-proposal")]
public sealed record AgreementProposalCommand
{
    [Id(0)] public required string ProposedBy { get; init; }
    [Id(1)] public required ImmutableList<string> PartyIds { get; init; }
    [Id(2)] public required int Threshold { get; init; }
    [Id(3)] public required StoredEnvelope Proposal { get; init; }
}
