using System.Diagnostics;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Server.Storage;
using Accord.Transparency;
using Accord.Transparency.Storage;

namespace Accord.Bench;

/// <summary>`accord bench log`: durable appends against the tree alone, proofs and consistency on a million-entry log.</summary>
public static class LogBench
{
    /// <summary>The figures `accord bench log` reports.</summary>
    public sealed record Result(
        long Entries,
        int EntryBytes,
        int BatchMaxEntries,
        int Producers,
        double AppendsPerS,
        double TreeOnlyAppendsPerS,
        double AppendsOverTreeOnly,
        long Checkpoints,
        double ProofP50Ms,
        double ProofP99Ms,
        double ConsistencyP50Ms,
        double ConsistencyP99Ms,
        double LoadSeconds,
        string Store);

    /// <summary>Runs the log benchmark into a temporary SQLite log, or into the (empty) log tables of <paramref name="postgres"/>.</summary>
    public static async Task<Result> RunAsync(int count, int proofCount, int producerCount, int batch, CancellationToken cancellationToken, string? postgres = null, TextWriter? progressLog = null)
    {
        if (count < 1 || proofCount < 1 || producerCount < 1 || batch < 1)
        {
            throw new BenchInputException("--entries, --proofs, --producers and --batch must be at least 1");
        }

        const int entryBytes = 256;
        var directory = Directory.CreateTempSubdirectory("accord-bench-log-").FullName;
        try
        {
            using var key = PartyKeyPair.Generate();
            var identity = new LogIdentity(new NoteSigner("bench.accord.local/log", key), []);
            var options = new TransparencyLogOptions { BatchMaxEntries = batch, BatchMaxDelay = TimeSpan.FromMilliseconds(2) };
            var path = Path.Combine(directory, "log.db");

            // Baseline on the same cores: the in-memory tree alone (leaf hashing and node hashing, nothing durable).
            var baseline = Stopwatch.StartNew();
            var tree = new MerkleTree();
            var sample = new byte[entryBytes];
            for (var i = 0; i < count; i++)
            {
                BitConverter.TryWriteBytes(sample, i);
                tree.Append(MerkleHash.Leaf(sample));
            }

            var treeOnly = count / baseline.Elapsed.TotalSeconds;

            using var database = postgres is null ? null : new PostgresDatabase(postgres);
            using (var sqlite = database is null ? new SqliteLogStore(path) : null)
            {
                ITransparencyLogStore store = sqlite ?? await EmptyPostgresLogAsync(database!, cancellationToken);
                var engine = await TransparencyLogEngine.OpenAsync(store, identity, options, cancellationToken);
                var next = -1;
                var watch = Stopwatch.StartNew();
                var progress = Stopwatch.StartNew();
                async Task Produce()
                {
                    var entry = new byte[entryBytes];
                    Random.Shared.NextBytes(entry);
                    while (true)
                    {
                        var i = Interlocked.Increment(ref next);
                        if (i >= count)
                        {
                            return;
                        }

                        BitConverter.TryWriteBytes(entry, i);
                        await engine.AppendAsync((byte[])entry.Clone());
                        if (i % 50_000 == 0 && progress.Elapsed > TimeSpan.FromSeconds(2))
                        {
                            progressLog?.WriteLine($"appended {i:N0} of {count:N0} ({i / watch.Elapsed.TotalSeconds:N0}/s)");
                            progress.Restart();
                        }
                    }
                }

                await Task.WhenAll(Enumerable.Range(0, producerCount).Select(_ => Task.Run(Produce, cancellationToken)));
                var appendsPerS = count / watch.Elapsed.TotalSeconds;
                var checkpoints = sqlite?.ReadCheckpoints().LongCount() ?? await CountPostgresCheckpointsAsync(database!, cancellationToken);

                // Reopen from disk, as a restarted server does, then time proofs at the full size.
                var load = Stopwatch.StartNew();
                var reopened = await TransparencyLogEngine.OpenAsync(store, identity, options, cancellationToken);
                var loadSeconds = load.Elapsed.TotalSeconds;
                var size = reopened.Latest.TreeSize;
                var inclusion = await Time(proofCount, async () =>
                {
                    var outcome = await reopened.InclusionProofAsync(Random.Shared.NextInt64(size), null, 0, cancellationToken);
                    return outcome.Allowed;
                });
                var consistency = await Time(proofCount, async () =>
                {
                    var outcome = await reopened.ConsistencyProofAsync(1 + Random.Shared.NextInt64(size), 0, cancellationToken);
                    return outcome.Allowed;
                });

                return new Result(
                    size, entryBytes, batch, producerCount,
                    Math.Round(appendsPerS), Math.Round(treeOnly), Math.Round(appendsPerS / treeOnly, 4), checkpoints,
                    inclusion.P50, inclusion.P99, consistency.P50, consistency.P99, Math.Round(loadSeconds, 2), database is null ? "sqlite" : "postgres");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The schema applied, and a log store on it that holds nothing yet.</summary>
    private static async Task<ITransparencyLogStore> EmptyPostgresLogAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        try
        {
            await database.InitializeAsync(cancellationToken);
            var store = new PostgresLogStore(database);
            var stored = await store.LoadAsync(cancellationToken);
            return stored.LeafHashes.Count == 0 && stored.CheckpointNote is null
                ? store
                : throw new BenchInputException($"--postgres: the database already holds a log of {stored.LeafHashes.Count:N0} entries; use an empty database (e.g. createdb accord_bench)");
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw new BenchInputException($"--postgres: cannot use the database: {e.Message}");
        }
    }

    private static async Task<long> CountPostgresCheckpointsAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM accord_log_checkpoints");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<(double P50, double P99)> Time(int n, Func<Task<bool>> operation)
    {
        var samples = new double[n];
        for (var i = 0; i < n; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (!await operation())
            {
                throw new InvalidOperationException("a proof request was refused during the benchmark");
            }

            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (Math.Round(samples[(int)(0.50 * (n - 1))], 4), Math.Round(samples[(int)(0.99 * (n - 1))], 4));
    }
}
