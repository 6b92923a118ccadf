using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Accord.Bench;
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
            var result = await LogBench.RunAsync(parse.GetValue(entries), parse.GetValue(proofs), parse.GetValue(producers), parse.GetValue(batch), cancellationToken, parse.GetValue(postgres), console.Error);
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
        var governance = CommonOptions.GovernanceKeys(required: false);
        var yesWriteTo = WriteTargets.YesWriteTo();
        var command = new Command("load", "Real gRPC load against running servers: acknowledged reports/s, ack latency, errors, reports per server (only into an empty server, or one --yes-write-to names)")
        {
            servers, devices, duration, batch, governance, yesWriteTo, json,
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var urls = ParseServers(parse.GetValue(servers));
            var deviceCount = ParseCount(parse.GetRequiredValue(devices), "--devices", 1, 100_000);
            var time = ParseDuration(parse.GetRequiredValue(duration));
            var batchSize = ParseCount(parse.GetRequiredValue(batch), "--batch", 1, 10_000);
            var keys = CommonOptions.RequireGovernanceKeys(parse, governance, "bench load");
            await WriteTargets.RequireAsync(parse, yesWriteTo, urls, "bench load", cancellationToken);
            var result = await LoadBench.RunAsync(urls, deviceCount, time, batchSize, keys, line => console.Error.WriteLine(line), cancellationToken, CommonOptions.CaCertificate(parse));
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
            var runs = sizes.Select(n => ComplianceBenchmark.Run(n, parse.GetValue(devices), parse.GetValue(seed))).ToList();
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
            var (seconds, result) = SimulationBenchmark.Run(parse.GetValue(runs));
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
            var result = NegotiateBench.Run(parse.GetValue(seed), parse.GetValue(runs));
            console.Out.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                : string.Join(Environment.NewLine, result.GetType().GetProperties().Select(p => $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name),-16} {Text(p.GetValue(result))}")));
            return Task.CompletedTask;
        });
        return command;
    }

    /// <summary>Parses "URL1,URL2" into absolute http(s) addresses.</summary>
    /// <exception cref="CliFailure">None given, or one is not an absolute http:// or https:// URL.</exception>
    public static IReadOnlyList<Uri> ParseServers(string? text)
    {
        var list = CommonOptions.List(text ?? string.Empty);
        if (list.Count == 0)
        {
            throw new CliFailure("--servers: name at least one server URL (e.g. http://127.0.0.1:5080,http://127.0.0.1:5081)");
        }

        return [.. list.Select(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CliFailure($"--servers: '{s}' is not an http:// or https:// URL"))];
    }

    /// <summary>Parses a whole number of at least <paramref name="min"/> and at most <paramref name="max"/>.</summary>
    public static int ParseCount(string text, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CliFailure($"{what}: '{text}' is not a whole number from {min:N0} to {max:N0}");

    /// <summary>Parses seconds ("30", "2.5") or a duration ("30s", "2m"); more than 0, at most a day.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : CommonOptions.Duration(text, "--duration");
        return value > TimeSpan.Zero && value <= TimeSpan.FromDays(1)
            ? value
            : throw new CliFailure($"--duration: '{text}' must be more than 0 and at most a day");
    }

    private static void Print(CliConsole console, object result, bool json) => console.Out.WriteLine(json
        ? JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
        : string.Join(Environment.NewLine, result.GetType().GetProperties().Select(p => $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name),-30} {Text(p.GetValue(result))}")));

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
}
