// The transparency log's writer: RFC 9162 Merkle tree in memory, entries and C2SP checkpoints in a
// durable store. Appends are batched (by count and by time); each batch is one durable write and one
// signed checkpoint, and every append is answered with a receipt against that checkpoint.
// Thread-safe, so that it runs the same inside the log grain and in `accord bench log`.
using System.Collections.Immutable;
using Accord.Core.Common;
using Accord.Core.Log;
using Accord.Core.Notes;

namespace Accord.Transparency;

/// <summary>The single writer of the log and the source of its proofs.</summary>
public sealed class TransparencyLogEngine
{
    private readonly ITransparencyLogStore _store;
    private readonly LogIdentity _identity;
    private readonly TransparencyLogOptions _options;
    private readonly MerkleTree _tree;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private List<Pending> _pending = [];
    // Entries are unique: leaf-hash prefix -> index of the committed leaf, and prefix -> an append not yet committed.
    private readonly Dictionary<long, long> _committedByPrefix = [];
    private readonly Dictionary<long, Pending> _uncommittedByPrefix = [];
    private bool _flushScheduled;
    private Exception? _broken;
    private SignedCheckpoint _latest;

    private TransparencyLogEngine(ITransparencyLogStore store, LogIdentity identity, TransparencyLogOptions options, MerkleTree tree, SignedCheckpoint latest)
    {
        _store = store;
        _identity = identity;
        _options = options;
        _tree = tree;
        _latest = latest;
        for (var i = 0L; i < tree.Size; i++)
        {
            _committedByPrefix.TryAdd(Prefix(tree.GetNode(0, i)), i);
        }
    }

    /// <summary>The latest checkpoint (the log signs one for the empty tree when it starts empty).</summary>
    public SignedCheckpoint Latest => Volatile.Read(ref _latest);

    public LogIdentity Identity => _identity;

    /// <summary>
    /// Rebuilds the tree from the stored leaf hashes and checks it against the latest stored checkpoint:
    /// a log whose storage no longer matches what it signed refuses to start.
    /// </summary>
    public static async Task<TransparencyLogEngine> OpenAsync(ITransparencyLogStore store, LogIdentity identity, TransparencyLogOptions options, CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var tree = new MerkleTree();
        foreach (var leaf in stored.LeafHashes)
        {
            tree.Append(leaf);
        }

        if (stored.CheckpointNote is null)
        {
            if (tree.Size != 0)
            {
                throw new InvalidOperationException($"the log store holds {tree.Size} entries but no checkpoint");
            }

            var note = SignCheckpoint(identity, 0, tree.Root());
            await store.AppendAsync(0, [], 0, note, cancellationToken).ConfigureAwait(false);
            return new TransparencyLogEngine(store, identity, options, tree, new SignedCheckpoint(0, tree.Root(), note));
        }

        var checkpoint = VerifyOwnCheckpoint(identity, stored.CheckpointNote);
        if (checkpoint.Size != stored.CheckpointSize || checkpoint.Size != tree.Size)
        {
            throw new InvalidOperationException(
                $"the log store holds {tree.Size} entries but its latest checkpoint is for {checkpoint.Size}; the store was changed outside the log");
        }

        if (!checkpoint.RootHash.AsSpan().SequenceEqual(tree.Root()))
        {
            throw new InvalidOperationException(
                $"the stored entries do not hash to the root of the signed checkpoint at size {checkpoint.Size}; the store was changed outside the log");
        }

        return new TransparencyLogEngine(store, identity, options, tree, new SignedCheckpoint(checkpoint.Size, checkpoint.RootHash, stored.CheckpointNote));
    }

    /// <summary>
    /// Appends the exact bytes; completes once they are durable and covered by a signed checkpoint.
    /// Bytes already in the log are not appended again: the receipt names the existing entry
    /// (<see cref="AppendReceipt.Existing"/>), so a resend after a crash never duplicates an entry.
    /// </summary>
    public Task<AppendReceipt> AppendAsync(byte[] entry) => AppendAsync(entry, withProof: true);

    /// <summary>
    /// As <see cref="AppendAsync(byte[])"/>; without <paramref name="withProof"/> the receipt carries no
    /// inclusion proof (callers that only need the index save the proof's hashing).
    /// </summary>
    public Task<AppendReceipt> AppendAsync(byte[] entry, bool withProof)
    {
        var pending = new Pending(entry, MerkleHash.Leaf(entry), withProof);
        var prefix = Prefix(pending.LeafHash);
        bool flushNow, schedule;
        lock (_gate)
        {
            if (_broken is not null)
            {
                return Task.FromException<AppendReceipt>(new InvalidOperationException("the log stopped after a failed write; restart it", _broken));
            }

            if (_uncommittedByPrefix.TryGetValue(prefix, out var inFlight) && inFlight.LeafHash.AsSpan().SequenceEqual(pending.LeafHash))
            {
                // The first append's receipt; a proof, if this caller wants one, can be asked for by index.
                return inFlight.Receipt.Task;
            }

            if (ExistingReceipt(prefix, pending.LeafHash, withProof) is { } existing)
            {
                return Task.FromResult(existing);
            }

            _uncommittedByPrefix.TryAdd(prefix, pending);
            _pending.Add(pending);
            flushNow = _pending.Count >= _options.BatchMaxEntries;
            schedule = !flushNow && !_flushScheduled;
            _flushScheduled |= schedule;
        }

        if (flushNow)
        {
            _ = FlushAsync();
        }
        else if (schedule)
        {
            _ = FlushLaterAsync();
        }

        return pending.Receipt.Task;
    }

    /// <summary>The index of the committed entry with this leaf hash, or -1 (an in-memory lookup).</summary>
    public long IndexOf(byte[] leafHash)
    {
        lock (_gate)
        {
            return leafHash.Length == MerkleHash.Size && ExistingIndex(Prefix(leafHash), leafHash) is { } index ? index : -1;
        }
    }

    /// <summary>An inclusion proof by index or leaf hash at a tree size (0: the latest checkpoint).</summary>
    public async Task<Checked<InclusionProof>> InclusionProofAsync(long index, byte[]? leafHash, long treeSize, CancellationToken cancellationToken)
    {
        var latest = Latest;
        var size = treeSize == 0 ? latest.TreeSize : treeSize;
        if (size < 0 || size > latest.TreeSize)
        {
            return new Refusal(RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", $"tree size {treeSize} is beyond the latest checkpoint ({latest.TreeSize})", "tree_size");
        }

        if (leafHash is not null)
        {
            if (leafHash.Length != MerkleHash.Size)
            {
                return new Refusal(RefusalCode.InvalidArgument, "MALFORMED_HASH", "a leaf hash is 32 bytes", "leaf_hash");
            }

            var found = await _store.FindIndexAsync(leafHash, cancellationToken).ConfigureAwait(false);
            if (found is null || found >= size)
            {
                return new Refusal(RefusalCode.NotFound, "UNKNOWN_LEAF", $"no entry with this leaf hash in the first {size} entries", "leaf_hash");
            }

            index = found.Value;
        }

        if (index < 0 || index >= size)
        {
            return new Refusal(RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", $"index {index} is not below tree size {size}", "index");
        }

        ImmutableList<byte[]> proof;
        byte[] leaf;
        lock (_tree)
        {
            proof = [.. _tree.InclusionProof(index, size)];
            leaf = _tree.GetNode(0, index);
        }

        var signed = await CheckpointAtAsync(size, cancellationToken).ConfigureAwait(false);
        return Checked<InclusionProof>.Allow(new InclusionProof(index, leaf, size, proof, signed));
    }

    /// <summary>A consistency proof from <paramref name="firstSize"/> to <paramref name="secondSize"/> (0: the latest checkpoint).</summary>
    public async Task<Checked<ConsistencyProof>> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken)
    {
        var latest = Latest;
        var second = secondSize == 0 ? latest.TreeSize : secondSize;
        if (second < 0 || second > latest.TreeSize)
        {
            return new Refusal(RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", $"tree size {secondSize} is beyond the latest checkpoint ({latest.TreeSize})", "second_size");
        }

        if (firstSize < 1 || firstSize > second)
        {
            return new Refusal(RefusalCode.InvalidArgument, "BAD_SIZES", $"first size must be at least 1 and at most {second}, not {firstSize}", "first_size");
        }

        ImmutableList<byte[]> proof;
        lock (_tree)
        {
            proof = [.. _tree.ConsistencyProof(firstSize, second)];
        }

        var signed = await CheckpointAtAsync(second, cancellationToken).ConfigureAwait(false);
        return Checked<ConsistencyProof>.Allow(new ConsistencyProof(firstSize, second, proof, signed));
    }

    /// <summary>Entries as the exact logged bytes, up to 1000, never beyond the latest checkpoint.</summary>
    public async Task<Checked<ImmutableList<LoggedEntry>>> EntriesAsync(long start, int count, CancellationToken cancellationToken)
    {
        var latest = Latest;
        if (count < 1 || count > 1000)
        {
            return new Refusal(RefusalCode.InvalidArgument, "BAD_COUNT", "count must be 1 to 1000", "count");
        }

        if (start < 0 || start >= latest.TreeSize)
        {
            return new Refusal(RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", $"start {start} is not below tree size {latest.TreeSize}", "start");
        }

        var rows = await _store.ReadEntriesAsync(start, count, latest.TreeSize, cancellationToken).ConfigureAwait(false);
        return Checked<ImmutableList<LoggedEntry>>.Allow([.. rows.Select(r => new LoggedEntry(r.Index, r.Entry, r.LeafHash))]);
    }

    /// <summary>
    /// Accepts the cosignatures in a signed note over one of the log's own checkpoints, from known
    /// witnesses only; stores the checkpoint with every cosignature it has.
    /// </summary>
    public async Task<Checked<CosignResult>> AddCosignaturesAsync(string cosigned, CancellationToken cancellationToken)
    {
        SignedNote note;
        Checkpoint checkpoint;
        try
        {
            note = SignedNote.Parse(cosigned);
            checkpoint = Checkpoint.Parse(note.Text);
        }
        catch (NoteFormatException e)
        {
            return new Refusal(RefusalCode.InvalidArgument, "MALFORMED_COSIGNATURE", $"not a signed checkpoint: {e.Message}", "cosigned_checkpoint");
        }

        if (checkpoint.Origin != _identity.Origin)
        {
            return new Refusal(RefusalCode.InvalidArgument, "WRONG_ORIGIN",
                $"the checkpoint is for origin '{checkpoint.Origin}', this log is '{_identity.Origin}'", "cosigned_checkpoint");
        }

        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = checkpoint.Size <= Latest.TreeSize ? await _store.GetCheckpointAsync(checkpoint.Size, cancellationToken).ConfigureAwait(false) : null;
            var ours = stored is null ? null : SignedNote.Parse(stored);
            if (ours is null || ours.Text != note.Text)
            {
                return new Refusal(RefusalCode.FailedPrecondition, "UNKNOWN_CHECKPOINT",
                    $"this log signed no checkpoint with size {checkpoint.Size} and that root", "cosigned_checkpoint");
            }

            var added = new List<NoteSignature>();
            foreach (var signature in note.Signatures)
            {
                if (signature.KeyName == _identity.Origin && signature.KeyId == _identity.Signer.KeyId)
                {
                    continue;
                }

                var witness = _identity.Witnesses.FirstOrDefault(w => w.Name == signature.KeyName && w.KeyId == signature.KeyId);
                if (witness is null)
                {
                    return new Refusal(RefusalCode.PermissionDenied, "UNKNOWN_WITNESS",
                        $"no trusted witness key '{signature.KeyName}' with id {signature.KeyId:x8}", "cosigned_checkpoint");
                }

                if (!Cosignatures.Verify(witness, checkpoint, signature, out _))
                {
                    return new Refusal(RefusalCode.InvalidArgument, "BAD_COSIGNATURE",
                        $"the cosignature by '{signature.KeyName}' does not verify", "cosigned_checkpoint");
                }

                if (!ours.Signatures.Any(s => s.KeyName == signature.KeyName && s.KeyId == signature.KeyId) && !added.Any(s => s.KeyName == signature.KeyName && s.KeyId == signature.KeyId))
                {
                    added.Add(signature);
                }
            }

            if (added.Count == 0)
            {
                return Checked<CosignResult>.Allow(new CosignResult(stored!, 0));
            }

            var merged = new SignedNote(ours.Text, [.. ours.Signatures, .. added]).Format();
            await _store.UpdateCheckpointAsync(checkpoint.Size, merged, cancellationToken).ConfigureAwait(false);
            if (checkpoint.Size == Latest.TreeSize)
            {
                Volatile.Write(ref _latest, Latest with { SignedNote = merged });
            }

            return Checked<CosignResult>.Allow(new CosignResult(merged, added.Count));
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async Task<string?> CheckpointAtAsync(long size, CancellationToken cancellationToken)
    {
        var latest = Latest;
        return size == latest.TreeSize ? latest.SignedNote : await _store.GetCheckpointAsync(size, cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(_options.BatchMaxDelay).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    private async Task FlushAsync()
    {
        await _flushGate.WaitAsync().ConfigureAwait(false);
        List<Pending> batch;
        lock (_gate)
        {
            batch = _pending;
            _pending = [];
            _flushScheduled = false;
        }

        try
        {
            if (batch.Count == 0)
            {
                return;
            }

            long first, size;
            byte[] root;
            lock (_tree)
            {
                first = _tree.Size;
                foreach (var item in batch)
                {
                    _tree.Append(item.LeafHash);
                }

                size = _tree.Size;
                root = _tree.Root();
            }

            var note = SignCheckpoint(_identity, size, root);
            await _store.AppendAsync(first, [.. batch.Select(b => (b.Entry, b.LeafHash))], size, note, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _latest, new SignedCheckpoint(size, root, note));

            for (var i = 0; i < batch.Count; i++)
            {
                ImmutableList<byte[]> proof = [];
                if (batch[i].WithProof)
                {
                    lock (_tree)
                    {
                        proof = [.. _tree.InclusionProof(first + i, size)];
                    }
                }

                batch[i].Receipt.SetResult(new AppendReceipt(first + i, batch[i].LeafHash, proof, note));
            }

            lock (_gate)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var prefix = Prefix(batch[i].LeafHash);
                    _committedByPrefix.TryAdd(prefix, first + i);
                    _uncommittedByPrefix.Remove(prefix);
                }
            }
        }
        catch (Exception e)
        {
            // The tree may now hold leaves that are not durable: stop accepting until restarted from the store.
            lock (_gate)
            {
                _broken = e;
            }

            foreach (var item in batch)
            {
                item.Receipt.TrySetException(new InvalidOperationException("the log could not write this batch", e));
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>The index of the committed entry with this leaf hash, or null. Call under the gate.</summary>
    private long? ExistingIndex(long prefix, byte[] leafHash)
    {
        if (!_committedByPrefix.TryGetValue(prefix, out var index))
        {
            return null;
        }

        lock (_tree)
        {
            return index < Latest.TreeSize && _tree.GetNode(0, index).AsSpan().SequenceEqual(leafHash) ? index : null;
        }
    }

    /// <summary>A receipt for bytes already committed, against the latest checkpoint; null when not in the log. Call under the gate.</summary>
    private AppendReceipt? ExistingReceipt(long prefix, byte[] leafHash, bool withProof)
    {
        if (ExistingIndex(prefix, leafHash) is not { } index)
        {
            return null;
        }

        var latest = Latest;
        ImmutableList<byte[]> proof = [];
        if (withProof)
        {
            lock (_tree)
            {
                proof = [.. _tree.InclusionProof(index, latest.TreeSize)];
            }
        }

        return new AppendReceipt(index, leafHash, proof, latest.SignedNote, Existing: true);
    }

    private static long Prefix(ReadOnlySpan<byte> leafHash) => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(leafHash);

    private static string SignCheckpoint(LogIdentity identity, long size, byte[] root) =>
        Notes.Sign(new Checkpoint(identity.Origin, size, root, []).Body(), identity.Signer).Format();

    private static Checkpoint VerifyOwnCheckpoint(LogIdentity identity, string signedNote)
    {
        var note = SignedNote.Parse(signedNote);
        if (!Notes.IsSignedBy(note, identity.Verifier))
        {
            throw new InvalidOperationException("the latest stored checkpoint is not signed by this log's key");
        }

        return Checkpoint.Parse(note.Text);
    }

    private sealed record Pending(byte[] Entry, byte[] LeafHash, bool WithProof)
    {
        public TaskCompletionSource<AppendReceipt> Receipt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
