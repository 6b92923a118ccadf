using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Accord.Cli.Output;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Negotiation.Analysis;
using Accord.Server.Storage;
using Accord.Transparency;
using Accord.Transparency.Storage;

namespace Accord.Cli.Commands;

/// <summary>`accord bench log`: durable batched appends into a large log, then proof latency at that size; `accord bench ingest` and `accord bench load`: reports over gRPC; `accord bench negotiate`: the AI mediator on a 10^6-outcome domain.</summary>
public static class BenchCommands
{
    public static Command Build()
    {
        var bench = new Command("bench", "Measure Accord's hot paths on this machine");
        bench.Add(Log());
        bench.Add(Ingest());
        bench.Add(Load());
        bench.Add(Negotiate());
        bench.Add(Compliance());
        bench.Add(Simulate());
        return bench;
    }

    private static Command Log()
    {
        var entries = new Option<int>("--entries") { Description = "Entries to append", DefaultValueFactory = _ => 1_000_000 };
        var proofs = new Option<int>("--proofs") { Description = "Proofs of each kind to time at the final size", DefaultValueFactory = _ => 10_000 };
        var producers = new Option<int>("--producers") { Description = "Concurrent appenders, each waiting for its receipt", DefaultValueFactory = _ => 1024 };
        var batch = new Option<int>("--batch") { Description = "Largest batch (one durable write and one signed checkpoint each)", DefaultValueFactory = _ => 512 };
        var postgres = new Option<string?>("--postgres") { Description = "Append into the log tables of this PostgreSQL database (as a cluster does; the log there must be empty) instead of a temporary SQLite file" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("log", "Durable appends/s into a log of --entries, then inclusion and consistency proof latency") { entries, proofs, producers, batch, postgres, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var result = await RunLogBench(parse.GetValue(entries), parse.GetValue(proofs), parse.GetValue(producers), parse.GetValue(batch), cancellationToken, parse.GetValue(postgres), console.Error);
            Print(console, result, parse.GetValue(json));
        });
        return command;
    }

    private static Command Ingest()
    {
        var devices = new Option<int>("--devices") { Description = "Simulated devices", DefaultValueFactory = _ => 128 };
        var reports = new Option<int>("--reports") { Description = "Reports per device", DefaultValueFactory = _ => 500 };
        var streams = new Option<int>("--streams") { Description = "Concurrent gRPC streams (agents)", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Reports per batch", DefaultValueFactory = _ => 512 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("ingest", "End-to-end verified, durable, logged reports/s over gRPC, against raw Ed25519 verifies/s") { devices, reports, streams, batch, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var result = await IngestBench.RunAsync(parse.GetValue(devices), parse.GetValue(reports), parse.GetValue(streams), parse.GetValue(batch), cancellationToken, console.Error);
            Print(console, result, parse.GetValue(json));
        });
        return command;
    }

    private static Command Load()
    {
        var servers = new Option<string?>("--servers") { Description = "The servers' gRPC URLs, comma-separated (e.g. http://127.0.0.1:5080,http://127.0.0.1:5081); devices are spread over them" };
        var devices = new Option<string>("--devices") { Description = "Simulated devices, each on its own monitoring stream", DefaultValueFactory = _ => "64" };
        var duration = new Option<string>("--duration") { Description = "How long to stream, in seconds (or 30s, 2m)", DefaultValueFactory = _ => "30" };
        var batch = new Option<string>("--batch") { Description = "Reports per batch (one batch in flight per device)", DefaultValueFactory = _ => "64" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("load", "Real gRPC load against running servers: acknowledged reports/s, ack latency, errors, reports per server") { servers, devices, duration, batch, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var urls = LoadBench.ParseServers(parse.GetValue(servers));
            var deviceCount = LoadBench.ParseCount(parse.GetRequiredValue(devices), "--devices", 1, 100_000);
            var time = LoadBench.ParseDuration(parse.GetRequiredValue(duration));
            var batchSize = LoadBench.ParseCount(parse.GetRequiredValue(batch), "--batch", 1, 10_000);
            var result = await LoadBench.RunAsync(urls, deviceCount, time, batchSize, line => console.Error.WriteLine(line), cancellationToken, CommonOptions.CaCertificate(parse));
            Print(console, result, parse.GetValue(json));
        });
        return command;
    }

    private static Command Compliance()
    {
        var devices = new Option<int>("--devices") { Description = "Simulated devices (in groups of 64 per run)", DefaultValueFactory = _ => 1024 };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("compliance", "Compliance evaluation cost per verified report as history grows from 10^4 to 10^6 reports") { devices, seed, json };
        command.SetHandler((parse, _) =>
        {
            var console = CliConsole.Of(parse);
            var sizes = new long[] { 10_000, 100_000, 1_000_000 };
            var runs = sizes.Select(n => Core.Compliance.ComplianceBenchmark.Run(n, parse.GetValue(devices), parse.GetValue(seed))).ToList();
            var result = new ComplianceBenchResult(
                [.. runs.Select(r => r.Reports)],
                [.. runs.Select(r => Math.Round(r.NsPerReport))],
                Math.Round(runs[^1].NsPerReport / runs[0].NsPerReport, 3));
            Print(console, result, parse.GetValue(json));
            return Task.CompletedTask;
        });
        return command;
    }

    private static Command Simulate()
    {
        var runs = new Option<int>("--runs") { Description = "Monte Carlo runs of the one-year, five-lab, hourly scenario", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("simulate", "Seconds for N Monte Carlo runs of a one-year scenario with 5 labs reporting hourly") { runs, json };
        command.SetHandler((parse, _) =>
        {
            var console = CliConsole.Of(parse);
            var (seconds, result) = Accord.Simulation.SimulationBenchmark.Run(parse.GetValue(runs));
            Print(console, new SimulateBenchResult(parse.GetValue(runs), Math.Round(seconds, 2), result.ReportsPerRun * result.Runs, Math.Round(result.HoldsProbability, 4)), parse.GetValue(json));
            return Task.CompletedTask;
        });
        return command;
    }

    /// <summary>The figures `accord bench simulate` reports.</summary>
    public sealed record SimulateBenchResult(int Runs, double Seconds, double Reports, double HoldsProbability);

    /// <summary>The figures `accord bench compliance` reports: cost per report at each history size, and last/first.</summary>
    public sealed record ComplianceBenchResult(long[] Reports, double[] NsPerReport, double LargestOverSmallest);

    private static Command Negotiate()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the generated domain", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Runs in this process; seconds is the fastest, first_seconds the first (with JIT compilation)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("negotiate", "The AI mediator on 5 parties x 6 issues x about 10^6 outcomes: seconds to the exact Pareto frontier and the Nash point") { seed, runs, json };
        command.SetHandler((parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var result = RunNegotiateBench(parse.GetValue(seed), parse.GetValue(runs));
            console.Out.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                : string.Join(Environment.NewLine, result.GetType().GetProperties().Select(p => $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name),-16} {Text(p.GetValue(result))}")));
            return Task.CompletedTask;
        });
        return command;
    }

    private static void Print(CliConsole console, object result, bool json) => console.Out.WriteLine(json
        ? JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
        : string.Join(Environment.NewLine, result.GetType().GetProperties().Select(p => $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name),-30} {Text(p.GetValue(result))}")));

    /// <summary>The figures `accord bench negotiate` reports.</summary>
    public sealed record NegotiateBenchResult(
        double Seconds,
        double FirstSeconds,
        int Runs,
        int Parties,
        int Issues,
        long Outcomes,
        int Seed,
        int FrontierSize,
        bool Exact,
        IReadOnlyDictionary<string, string>? Nash,
        IReadOnlyList<double>? NashUtilities,
        string Method);

    /// <summary>Runs <see cref="MediatorBenchmark.Run"/>(5, 6, 1_000_000, seed) <paramref name="runs"/> times.</summary>
    public static NegotiateBenchResult RunNegotiateBench(int seed, int runs)
    {
        if (runs < 1)
        {
            throw new CliFailure("--runs must be at least 1");
        }

        const int parties = 5, issues = 6;
        const long outcomes = 1_000_000;
        var results = Enumerable.Range(0, runs).Select(_ => MediatorBenchmark.Run(parties, issues, outcomes, seed)).ToArray();
        var last = results[^1];
        var domain = MediatorBenchmark.Generate(parties, issues, outcomes, seed);
        return new NegotiateBenchResult(
            Math.Round(results.Min(r => r.ElapsedSeconds), 4),
            Math.Round(results[0].ElapsedSeconds, 4),
            runs,
            parties,
            issues,
            last.Outcomes,
            seed,
            last.FrontierSize,
            last.Exact,
            last.Nash is null ? null : domain.Issues.Select((issue, i) => (issue.Name, Label: issue.Labels[last.Nash[i]])).ToDictionary(x => x.Name, x => x.Label),
            last.NashUtilities?.Select(u => Math.Round(u, 6)).ToArray(),
            last.Method);
    }

    private static string Text(object? value) => value switch
    {
        null => "-",
        IReadOnlyDictionary<string, string> d => string.Join(", ", d.Select(kv => $"{kv.Key}={kv.Value}")),
        IReadOnlyDictionary<string, long> d => d.Count == 0 ? "-" : string.Join(", ", d.Select(kv => $"{kv.Key}={kv.Value}")),
        IEnumerable<string> ss => string.Join(", ", ss),
        IEnumerable<double> xs => string.Join(", ", xs.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        IEnumerable<long> ns => string.Join(", ", ns.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };

    /// <summary>The figures `accord bench log` reports.</summary>
    public sealed record LogBenchResult(
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
    public static async Task<LogBenchResult> RunLogBench(int count, int proofCount, int producerCount, int batch, CancellationToken cancellationToken, string? postgres = null, TextWriter? progressLog = null)
    {
        if (count < 1 || proofCount < 1 || producerCount < 1 || batch < 1)
        {
            throw new CliFailure("--entries, --proofs, --producers and --batch must be at least 1");
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

                return new LogBenchResult(
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
                : throw new CliFailure($"--postgres: the database already holds a log of {stored.LeafHashes.Count:N0} entries; use an empty database (e.g. createdb accord_bench)");
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw new CliFailure($"--postgres: cannot use the database: {e.Message}");
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
