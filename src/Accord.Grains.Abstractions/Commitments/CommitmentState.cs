using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Commitments;

/// <summary>Stored commitment status; mirrors <c>Accord.Core.Commitments.CommitmentStatus</c>.</summary>
public enum StoredCommitmentStatus
{
    Pending,
    Active,
    Withdrawn,
    Fulfilled,
    Breached,
}

/// <summary>A commitment: the signed statement as received, and what happened to it since.</summary>
[GenerateSerializer, Immutable, Alias("accord.commitment-state")]
public sealed record CommitmentState
{
    [Id(0)] public string CommitmentId { get; init; } = "";
    [Id(1)] public string PartyId { get; init; } = "";
    [Id(2)] public StoredEnvelope? Statement { get; init; }
    [Id(3)] public StoredCommitmentStatus Status { get; init; }
    [Id(4)] public string StatusReason { get; init; } = "";
    [Id(5)] public DateTimeOffset RegisteredAt { get; init; }
    [Id(6)] public DateTimeOffset? ActivatedAt { get; init; }
    [Id(7)] public DateTimeOffset? EndsAt { get; init; }
    [Id(8)] public DateTimeOffset? ClosedAt { get; init; }
    [Id(9)] public StoredEnvelope? Withdrawal { get; init; }
    [Id(10)] public StoredEnvelope? Attestation { get; init; }
    /// <summary>The parties that have signed the agreement the activation condition names, as last reported.</summary>
    [Id(11)] public ImmutableList<string> AgreementSigners { get; init; } = [];
    /// <summary>Transparency log indexes of the statement, the withdrawal and the attestation (-1: none).</summary>
    [Id(12)] public long StatementLogIndex { get; init; } = -1;
    [Id(13)] public long WithdrawalLogIndex { get; init; } = -1;
    [Id(14)] public long AttestationLogIndex { get; init; } = -1;
    /// <summary>Every change of its status, oldest first.</summary>
    [Id(15)] public ImmutableList<CommitmentEventEntry> History { get; init; } = [];

    public bool IsRegistered => Statement is not null;

    /// <summary>
    /// This state moved to <paramref name="status"/>: the status, its reason and an entry in the history, the one
    /// way a commitment's status changes.
    /// </summary>
    /// <param name="logIndex">The log entry that made the change; -1 when it has none of its own.</param>
    public CommitmentState Enter(StoredCommitmentStatus status, string reason, DateTimeOffset at, long logIndex) => this with
    {
        Status = status,
        StatusReason = reason,
        History = History.Add(new CommitmentEventEntry { Status = status, At = at, Reason = reason, LogIndex = logIndex }),
    };
}

/// <summary>One change of a commitment's status.</summary>
[GenerateSerializer, Immutable, Alias("accord.commitment-event")]
public sealed record CommitmentEventEntry
{
    [Id(0)] public required StoredCommitmentStatus Status { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public required string Reason { get; init; }
    /// <summary>The log entry that made the change; -1 when it has none of its own.</summary>
    [Id(3)] public required long LogIndex { get; init; }
}

/// <summary>Conversions between the stored status and Core's status (same members, same order).</summary>
public static class StoredCommitmentStatusExtensions
{
    public static Core.Commitments.CommitmentStatus ToCore(this StoredCommitmentStatus status) => status switch
    {
        StoredCommitmentStatus.Pending => Core.Commitments.CommitmentStatus.Pending,
        StoredCommitmentStatus.Active => Core.Commitments.CommitmentStatus.Active,
        StoredCommitmentStatus.Withdrawn => Core.Commitments.CommitmentStatus.Withdrawn,
        StoredCommitmentStatus.Fulfilled => Core.Commitments.CommitmentStatus.Fulfilled,
        _ => Core.Commitments.CommitmentStatus.Breached,
    };

    public static StoredCommitmentStatus ToStored(this Core.Commitments.CommitmentStatus status) => status switch
    {
        Core.Commitments.CommitmentStatus.Pending => StoredCommitmentStatus.Pending,
        Core.Commitments.CommitmentStatus.Active => StoredCommitmentStatus.Active,
        Core.Commitments.CommitmentStatus.Withdrawn => StoredCommitmentStatus.Withdrawn,
        Core.Commitments.CommitmentStatus.Fulfilled => StoredCommitmentStatus.Fulfilled,
        _ => StoredCommitmentStatus.Breached,
    };
}
