using Accord.Core.Common;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.Transparency.Storage;
using Microsoft.Data.Sqlite;

namespace Accord.Transparency.Tests;

/// <summary>
/// The log engine on a real SQLite store, no host around it: batching, receipts, uniqueness of entries,
/// acknowledgement only after a durable write, one checkpoint per batch, reopening and its consistency check,
/// and the refusals of the proof, entry and cosignature reads.
/// </summary>
public sealed class TransparencyLogEngineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("accord-engine-").FullName;
    private readonly PartyKeyPair _key = PartyKeyPair.Generate();
    private readonly PartyKeyPair _witnessKey = PartyKeyPair.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _witnessKey.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private LogIdentity Identity => new(new NoteSigner("engine.test/log", _key), [Witness.Verifier]);

    private NoteSigner Witness => new("witness.test", _witnessKey, NoteKeyType.CosignatureV1);

    private string LogPath => Path.Combine(_directory, "log.db");

    private static TransparencyLogOptions Options => new() { BatchMaxEntries = 8, BatchMaxDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task AppendAsync_ManyConcurrent_EveryReceiptVerifiesAgainstItsCheckpoint()
    {
        using var store = new SqliteLogStore(LogPath);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        var entries = Enumerable.Range(0, 100).Select(i => BitConverter.GetBytes(i)).ToList();

        var receipts = await Task.WhenAll(entries.Select(engine.AppendAsync));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), receipts.Select(r => r.Index).Order());
        var verifier = NoteVerifier.Parse(Identity.Signer.VerifierKey);
        foreach (var (receipt, entry) in receipts.Zip(entries))
        {
            var checkpoint = OfflineVerifier.VerifyCheckpoint(receipt.Checkpoint, verifier);
            Assert.Equal(MerkleHash.Leaf(entry), receipt.LeafHash);
            MerkleVerifier.VerifyInclusion(receipt.Index, checkpoint.Size, receipt.LeafHash, receipt.InclusionProof, checkpoint.RootHash);
        }
    }

    [Fact]
    public async Task AppendAsync_SameBytesTwice_SecondNamesTheExistingEntry()
    {
        using var store = new SqliteLogStore(LogPath);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        var entry = "same bytes"u8.ToArray();

        var together = await Task.WhenAll(engine.AppendAsync(entry), engine.AppendAsync(entry));
        var later = await engine.AppendAsync(entry);

        Assert.Equal(together[0].Index, together[1].Index);
        Assert.True(later.Existing);
        Assert.Equal(together[0].Index, later.Index);
        Assert.Equal(1, engine.Latest.TreeSize);
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_KeepsCheckpointAndStillRefusesToDuplicate()
    {
        var path = LogPath;
        AppendReceipt first;
        string checkpointBefore;
        using (var store = new SqliteLogStore(path))
        {
            var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
            first = await engine.AppendAsync("one"u8.ToArray());
            await engine.AppendAsync("two"u8.ToArray());
            checkpointBefore = engine.Latest.SignedNote;
        }

        using var reopenedStore = new SqliteLogStore(path);
        var reopened = await TransparencyLogEngine.OpenAsync(reopenedStore, Identity, Options, CancellationToken.None);
        var again = await reopened.AppendAsync("one"u8.ToArray());

        Assert.Equal(checkpointBefore, reopened.Latest.SignedNote);
        Assert.True(again.Existing);
        Assert.Equal(first.Index, again.Index);
        Assert.Equal(2, reopened.Latest.TreeSize);
    }

    [Fact]
    public async Task AppendAsync_BatchNotYetDurable_NoReceiptUntilTheWriteReturns()
    {
        using var sqlite = new SqliteLogStore(LogPath);
        var store = new ControlledLogStore(sqlite);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        store.HoldNextWrite();

        var pending = engine.AppendAsync("held"u8.ToArray());
        await store.WriteReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var beforeDurable = (pending.IsCompleted, engine.Latest.TreeSize, engine.IndexOf(MerkleHash.Leaf("held"u8)));
        store.Release();
        var receipt = await pending;

        Assert.Equal((false, 0L, -1L), beforeDurable);
        Assert.Equal(0, receipt.Index);
        Assert.Equal(1, engine.Latest.TreeSize);
        Assert.Equal(receipt.Checkpoint, await sqlite.GetCheckpointAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_ManyBatches_EachDurableWriteCarriesTheCheckpointSignedOverIt()
    {
        using var sqlite = new SqliteLogStore(LogPath);
        var store = new ControlledLogStore(sqlite);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => engine.AppendAsync(BitConverter.GetBytes(i))));

        var tree = new MerkleTree();
        var stored = sqlite.ReadAllEntries().ToList();
        var expectedFirst = 0L;
        Assert.Equal((0L, 0, 0L), (store.Writes[0].FirstIndex, store.Writes[0].Count, store.Writes[0].TreeSize)); // the empty tree's, signed at open
        foreach (var write in store.Writes.Skip(1))
        {
            Assert.Equal(expectedFirst, write.FirstIndex);
            // At least one entry; a batch may hold more than BatchMaxEntries when appends queue behind a write.
            Assert.True(write.Count >= 1);
            Assert.Equal(write.FirstIndex + write.Count, write.TreeSize);
            foreach (var (_, _, leafHash) in stored.Skip((int)write.FirstIndex).Take(write.Count))
            {
                tree.Append(leafHash);
            }

            var checkpoint = OfflineVerifier.VerifyCheckpoint(write.CheckpointNote, Identity.Verifier);
            Assert.Equal(write.TreeSize, checkpoint.Size);
            Assert.Equal(tree.Root(), checkpoint.RootHash);
            expectedFirst = write.TreeSize;
        }

        Assert.Equal(50, expectedFirst);
        Assert.Equal(store.Writes.Count, sqlite.ReadCheckpoints().Count());
        Assert.All(receipts, r => Assert.Contains(r.Checkpoint, store.Writes.Select(w => w.CheckpointNote)));
    }

    [Fact]
    public async Task AppendAsync_WriteFails_RefusesEveryAppendUntilReopenedFromTheStore()
    {
        using var sqlite = new SqliteLogStore(LogPath);
        var store = new ControlledLogStore(sqlite);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        store.FailNextWrite();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.AppendAsync("lost"u8.ToArray()));
        var afterwards = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.AppendAsync("next"u8.ToArray()));
        var reopened = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        var again = await reopened.AppendAsync("lost"u8.ToArray());

        Assert.IsType<IOException>(failed.InnerException);
        Assert.Contains("restart", afterwards.Message);
        Assert.Equal(0, again.Index);
        Assert.False(again.Existing);
        Assert.Equal(1, reopened.Latest.TreeSize);
    }

    [Theory]
    [InlineData("UPDATE log_entries SET leaf_hash = zeroblob(32) WHERE idx = 1")]
    [InlineData("UPDATE log_entries SET idx = 5 WHERE idx = 2")]
    [InlineData("DELETE FROM log_entries WHERE idx = 2")]
    [InlineData("DELETE FROM log_checkpoints WHERE tree_size = 3")]
    [InlineData("DELETE FROM log_checkpoints")]
    [InlineData("UPDATE log_checkpoints SET note = (SELECT note FROM log_checkpoints WHERE tree_size = 0) WHERE tree_size = 3")]
    public async Task OpenAsync_StoreChangedOutsideTheLog_RefusesToStart(string tamper)
    {
        using (var store = new SqliteLogStore(LogPath))
        {
            var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
            await Task.WhenAll(engine.AppendAsync("a"u8.ToArray()), engine.AppendAsync("b"u8.ToArray()), engine.AppendAsync("c"u8.ToArray()));
            Assert.Equal(3, engine.Latest.TreeSize);
        }

        using (var connection = new SqliteConnection($"Data Source={LogPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = tamper;
            Assert.True(command.ExecuteNonQuery() > 0);
        }

        using var reopenedStore = new SqliteLogStore(LogPath);
        await Assert.ThrowsAsync<InvalidOperationException>(() => TransparencyLogEngine.OpenAsync(reopenedStore, Identity, Options, CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_CheckpointSignedByAnotherKey_RefusesToStart()
    {
        using var store = new SqliteLogStore(LogPath);
        await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        using var otherKey = PartyKeyPair.Generate();
        var impostor = new LogIdentity(new NoteSigner("engine.test/log", otherKey), []);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TransparencyLogEngine.OpenAsync(store, impostor, Options, CancellationToken.None));

        Assert.Contains("not signed by this log's key", refused.Message);
    }

    [Fact]
    public async Task InclusionProofAsync_ByLeafHash_ProvesAgainstTheCheckpointAtThatSize()
    {
        using var store = new SqliteLogStore(LogPath);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        await engine.AppendAsync("first"u8.ToArray());
        await engine.AppendAsync("second"u8.ToArray());

        var proved = await engine.InclusionProofAsync(0, MerkleHash.Leaf("second"u8), 0, CancellationToken.None);

        Assert.True(proved.Allowed);
        var proof = proved.Value!;
        var checkpoint = OfflineVerifier.VerifyCheckpoint(proof.Checkpoint!, Identity.Verifier);
        Assert.Equal((1L, 2L), (proof.Index, proof.TreeSize));
        MerkleVerifier.VerifyInclusion(proof.Index, checkpoint.Size, proof.LeafHash, proof.Proof, checkpoint.RootHash);
    }

    public static TheoryData<string, RefusalCode, string, string> Refusals => new()
    {
        { "inclusion at a size beyond the log", RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", "tree_size" },
        { "inclusion of an index beyond the log", RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", "index" },
        { "inclusion of a short leaf hash", RefusalCode.InvalidArgument, "MALFORMED_HASH", "leaf_hash" },
        { "inclusion of an unknown leaf hash", RefusalCode.NotFound, "UNKNOWN_LEAF", "leaf_hash" },
        { "consistency from size 0", RefusalCode.InvalidArgument, "BAD_SIZES", "first_size" },
        { "consistency to a size beyond the log", RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", "second_size" },
        { "entries past the end", RefusalCode.OutOfRange, "BEYOND_TREE_SIZE", "start" },
        { "more than 1000 entries", RefusalCode.InvalidArgument, "BAD_COUNT", "count" },
        { "a cosignature that is no note", RefusalCode.InvalidArgument, "MALFORMED_COSIGNATURE", "cosigned_checkpoint" },
        { "a cosignature by an unknown witness", RefusalCode.PermissionDenied, "UNKNOWN_WITNESS", "cosigned_checkpoint" },
        { "a cosignature on a checkpoint the log never signed", RefusalCode.FailedPrecondition, "UNKNOWN_CHECKPOINT", "cosigned_checkpoint" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Reads_BadRequest_RefusedWithCoreRefusal(string request, RefusalCode code, string reason, string field)
    {
        using var store = new SqliteLogStore(LogPath);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        await engine.AppendAsync("only"u8.ToArray());
        using var strangerKey = PartyKeyPair.Generate();
        var latest = Checkpoint.Parse(SignedNote.Parse(engine.Latest.SignedNote).Text);
        var never = new Checkpoint(latest.Origin, 1, new byte[32]);

        var refusal = request switch
        {
            "inclusion at a size beyond the log" => (await engine.InclusionProofAsync(0, null, 2, CancellationToken.None)).Refusal,
            "inclusion of an index beyond the log" => (await engine.InclusionProofAsync(1, null, 0, CancellationToken.None)).Refusal,
            "inclusion of a short leaf hash" => (await engine.InclusionProofAsync(0, new byte[31], 0, CancellationToken.None)).Refusal,
            "inclusion of an unknown leaf hash" => (await engine.InclusionProofAsync(0, MerkleHash.Leaf("other"u8), 0, CancellationToken.None)).Refusal,
            "consistency from size 0" => (await engine.ConsistencyProofAsync(0, 0, CancellationToken.None)).Refusal,
            "consistency to a size beyond the log" => (await engine.ConsistencyProofAsync(1, 2, CancellationToken.None)).Refusal,
            "entries past the end" => (await engine.EntriesAsync(1, 10, CancellationToken.None)).Refusal,
            "more than 1000 entries" => (await engine.EntriesAsync(0, 1001, CancellationToken.None)).Refusal,
            "a cosignature that is no note" => (await engine.AddCosignaturesAsync("not a note", CancellationToken.None)).Refusal,
            "a cosignature by an unknown witness" => (await engine.AddCosignaturesAsync(
                Cosigned(engine.Latest.SignedNote, new NoteSigner("stranger.test", strangerKey, NoteKeyType.CosignatureV1)), CancellationToken.None)).Refusal,
            "a cosignature on a checkpoint the log never signed" => (await engine.AddCosignaturesAsync(
                new SignedNote(never.Body(), [Cosignatures.Cosign(Witness, never, DateTimeOffset.UtcNow)]).Format(), CancellationToken.None)).Refusal,
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

        Assert.NotNull(refusal);
        Assert.Equal((code, reason, field), (refusal.Code, refusal.Reason, refusal.Field));
    }

    [Fact]
    public async Task AddCosignaturesAsync_TrustedWitness_StoresAndServesTheCosignedCheckpoint()
    {
        using var store = new SqliteLogStore(LogPath);
        var engine = await TransparencyLogEngine.OpenAsync(store, Identity, Options, CancellationToken.None);
        await engine.AppendAsync("cosign me"u8.ToArray());
        var cosigned = Cosigned(engine.Latest.SignedNote, Witness);

        var first = await engine.AddCosignaturesAsync(cosigned, CancellationToken.None);
        var again = await engine.AddCosignaturesAsync(cosigned, CancellationToken.None);

        Assert.Equal(1, first.Value!.Added);
        Assert.Equal(0, again.Value!.Added);
        Assert.Equal(first.Value.Checkpoint, engine.Latest.SignedNote);
        Assert.Equal(first.Value.Checkpoint, await store.GetCheckpointAsync(1, CancellationToken.None));
        Assert.Equal(2, SignedNote.Parse(engine.Latest.SignedNote).Signatures.Count);
    }

    private static string Cosigned(string signedNote, NoteSigner witness)
    {
        var note = SignedNote.Parse(signedNote);
        return new SignedNote(note.Text, [.. note.Signatures, Cosignatures.Cosign(witness, Checkpoint.Parse(note.Text), DateTimeOffset.UtcNow)]).Format();
    }
}
