namespace Accord.Transparency.Tests;

/// <summary>
/// A log store in front of a real one that records every durable write, and on request holds the next
/// write until released or fails it, so that a test sees what the engine does before and after durability.
/// </summary>
public sealed class ControlledLogStore(ITransparencyLogStore inner) : ITransparencyLogStore
{
    private readonly object _gate = new();
    // Created by HoldNextWrite, awaited by the next write, completed by Release.
    private TaskCompletionSource? _hold;
    private bool _holdNext;
    private bool _failNext;

    /// <summary>Every batch the inner store committed, in order.</summary>
    public List<(long FirstIndex, int Count, long TreeSize, string CheckpointNote)> Writes { get; } = [];

    /// <summary>Completes when a held write has reached the store.</summary>
    public TaskCompletionSource WriteReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next write waits until <see cref="Release"/>.</summary>
    public void HoldNextWrite()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holdNext = true;
        }
    }

    /// <summary>Lets a held write through.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _hold?.TrySetResult();
        }
    }

    /// <summary>The next write throws, as a full disk or a lost connection does, and writes nothing.</summary>
    public void FailNextWrite()
    {
        lock (_gate)
        {
            _failNext = true;
        }
    }

    public Task<StoredLog> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

    public async Task AppendAsync(long firstIndex, IReadOnlyList<(byte[] Entry, byte[] LeafHash)> entries, long treeSize, string checkpointNote, CancellationToken cancellationToken)
    {
        TaskCompletionSource? hold;
        bool fail;
        lock (_gate)
        {
            hold = _holdNext ? _hold : null;
            _holdNext = false;
            (fail, _failNext) = (_failNext, false);
        }

        if (hold is not null)
        {
            WriteReached.TrySetResult();
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (fail)
        {
            throw new IOException("the disk is full");
        }

        await inner.AppendAsync(firstIndex, entries, treeSize, checkpointNote, cancellationToken);
        lock (_gate)
        {
            Writes.Add((firstIndex, entries.Count, treeSize, checkpointNote));
        }
    }

    public Task<IReadOnlyList<(long Index, byte[] Entry, byte[] LeafHash)>> ReadEntriesAsync(long start, int count, long limit, CancellationToken cancellationToken) =>
        inner.ReadEntriesAsync(start, count, limit, cancellationToken);

    public Task<long?> FindIndexAsync(byte[] leafHash, CancellationToken cancellationToken) => inner.FindIndexAsync(leafHash, cancellationToken);

    public Task<string?> GetCheckpointAsync(long treeSize, CancellationToken cancellationToken) => inner.GetCheckpointAsync(treeSize, cancellationToken);

    public Task UpdateCheckpointAsync(long treeSize, string checkpointNote, CancellationToken cancellationToken) =>
        inner.UpdateCheckpointAsync(treeSize, checkpointNote, cancellationToken);
}
