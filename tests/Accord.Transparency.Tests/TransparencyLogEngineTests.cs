using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.Transparency.Storage;

namespace Accord.Transparency.Tests;

/// <summary>The log engine on a real SQLite store: batching, receipts, uniqueness of entries, reopening.</summary>
public sealed class TransparencyLogEngineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("accord-engine-").FullName;
    private readonly PartyKeyPair _key = PartyKeyPair.Generate();

    public void Dispose()
    {
        _key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private LogIdentity Identity => new(new NoteSigner("engine.test/log", _key), []);

    private static TransparencyLogOptions Options => new() { BatchMaxEntries = 8, BatchMaxDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task AppendAsync_ManyConcurrent_EveryReceiptVerifiesAgainstItsCheckpoint()
    {
        using var store = new SqliteLogStore(Path.Combine(_directory, "log.db"));
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
        using var store = new SqliteLogStore(Path.Combine(_directory, "log.db"));
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
        var path = Path.Combine(_directory, "log.db");
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
}
