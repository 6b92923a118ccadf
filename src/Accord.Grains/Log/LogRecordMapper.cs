// The one place where the transparency log engine's records and refusals become the log grain's
// serializable records (Accord.Grains.Abstractions.Log); field for field, bytes unchanged.
using Accord.Core.Common;
using Accord.Grains.Abstractions.Log;
using Accord.Transparency;

namespace Accord.Grains.Log;

/// <summary>Maps what <see cref="TransparencyLogEngine"/> answers to what <see cref="ILogGrain"/> returns.</summary>
internal static class LogRecordMapper
{
    public static LogReceipt ToGrainRecord(this AppendReceipt receipt) => new()
    {
        Index = receipt.Index,
        LeafHash = receipt.LeafHash,
        InclusionProof = receipt.InclusionProof,
        Checkpoint = receipt.Checkpoint,
        Existing = receipt.Existing,
    };

    public static LogCheckpoint ToGrainRecord(this SignedCheckpoint checkpoint) => new()
    {
        TreeSize = checkpoint.TreeSize,
        RootHash = checkpoint.RootHash,
        SignedNote = checkpoint.SignedNote,
    };

    public static LogInclusionProof ToGrainRecord(this InclusionProof proof) => new()
    {
        Index = proof.Index,
        LeafHash = proof.LeafHash,
        TreeSize = proof.TreeSize,
        Proof = proof.Proof,
        Checkpoint = proof.Checkpoint,
    };

    public static LogConsistencyProof ToGrainRecord(this ConsistencyProof proof) => new()
    {
        FirstSize = proof.FirstSize,
        SecondSize = proof.SecondSize,
        Proof = proof.Proof,
        Checkpoint = proof.Checkpoint,
    };

    public static LogEntry ToGrainRecord(this LoggedEntry entry) => new()
    {
        Index = entry.Index,
        Entry = entry.Entry,
        LeafHash = entry.LeafHash,
    };

    public static LogCosigned ToGrainRecord(this CosignResult cosigned) => new()
    {
        Checkpoint = cosigned.Checkpoint,
        Added = cosigned.Added,
    };

    /// <summary>The engine's answer as a grain outcome: the mapped value, or the refusal as a <see cref="Rejection"/>.</summary>
    public static Outcome<TGrain> ToOutcome<T, TGrain>(this Checked<T> result, Func<T, TGrain> map) =>
        result.Refusal is { } refusal ? Rejection.From(refusal) : Outcome<TGrain>.Ok(map(result.Value!));
}
