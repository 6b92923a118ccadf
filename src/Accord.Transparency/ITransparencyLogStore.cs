namespace Accord.Transparency;

/// <summary>What the log has persisted: every leaf hash in order and the latest signed checkpoint.</summary>
public sealed record StoredLog(IReadOnlyList<byte[]> LeafHashes, long CheckpointSize, string? CheckpointNote);

/// <summary>Durable storage of the transparency log: entries, leaf hashes and every checkpoint the log signed.</summary>
public interface ITransparencyLogStore
{
    /// <summary>Loads every leaf hash (in index order) and the latest checkpoint.</summary>
    Task<StoredLog> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Writes a batch of entries starting at <paramref name="firstIndex"/> and the checkpoint covering them, in one durable transaction.</summary>
    Task AppendAsync(long firstIndex, IReadOnlyList<(byte[] Entry, byte[] LeafHash)> entries, long treeSize, string checkpointNote, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> entries from <paramref name="start"/>, below <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<(long Index, byte[] Entry, byte[] LeafHash)>> ReadEntriesAsync(long start, int count, long limit, CancellationToken cancellationToken);

    /// <summary>The index of the first entry with this leaf hash, or null.</summary>
    Task<long?> FindIndexAsync(byte[] leafHash, CancellationToken cancellationToken);

    /// <summary>The signed note of the checkpoint at this size, or null when the log signed none at that size.</summary>
    Task<string?> GetCheckpointAsync(long treeSize, CancellationToken cancellationToken);

    /// <summary>Replaces the stored note of a checkpoint by one carrying more (co)signatures over the same text.</summary>
    Task UpdateCheckpointAsync(long treeSize, string checkpointNote, CancellationToken cancellationToken);
}
