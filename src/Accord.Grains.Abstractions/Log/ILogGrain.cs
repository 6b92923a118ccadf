using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Log;

/// <summary>The transparency log's single writer (key <see cref="Key"/>): batched appends, proofs, checkpoints, cosignatures.</summary>
[Alias("accord.log")]
public interface ILogGrain : IGrainWithStringKey
{
    /// <summary>The key of the one log grain.</summary>
    public const string Key = "main";

    /// <summary>Appends the exact bytes; returns once the batch holding them is durable and a signed checkpoint covers them.</summary>
    [Alias("append")]
    Task<LogReceipt> Append(byte[] entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends several entries (each unique, as <see cref="Append"/>) and returns their receipts in order,
    /// without inclusion proofs; returns once they are durable and covered by a signed checkpoint.
    /// </summary>
    [Alias("append-many")]
    Task<ImmutableList<LogReceipt>> AppendMany(ImmutableList<byte[]> entries, CancellationToken cancellationToken = default);

    /// <summary>For each leaf hash, the index of the committed entry that has it, or -1.</summary>
    [Alias("find")]
    Task<ImmutableList<long>> Find(ImmutableList<byte[]> leafHashes);

    [Alias("info")]
    Task<LogInfo> GetInfo();

    [Alias("checkpoint")]
    Task<LogCheckpoint> GetCheckpoint();

    /// <summary>By index, or by leaf hash when <paramref name="leafHash"/> is given; tree size 0 means the latest checkpoint.</summary>
    [Alias("inclusion")]
    Task<Outcome<LogInclusionProof>> GetInclusionProof(long index, byte[]? leafHash, long treeSize);

    /// <summary>Second size 0 means the latest checkpoint.</summary>
    [Alias("consistency")]
    Task<Outcome<LogConsistencyProof>> GetConsistencyProof(long firstSize, long secondSize);

    [Alias("entries")]
    Task<Outcome<ImmutableList<LogEntry>>> GetEntries(long start, int count);

    /// <summary>Accepts cosignatures by known witnesses on one of the log's checkpoints.</summary>
    [Alias("cosign")]
    Task<Outcome<LogCosigned>> AddCosignatures(string cosignedCheckpoint, CancellationToken cancellationToken = default);
}
