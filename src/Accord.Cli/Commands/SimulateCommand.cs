using System.CommandLine;
using System.Text.Json;
using Accord.Cli.Output;
using Accord.Fleets;
using Accord.Simulation;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord simulate FILE...`: Monte Carlo of a pause agreement through the real ingest and compliance code, for each scenario given.</summary>
public static class SimulateCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo[]>("scenario")
        {
            Description = "Scenario files (see scenarios/ and docs/simulation.md); with several, each result is printed in turn and, with --out DIR, written to DIR/<file name>/",
            Arity = ArgumentArity.OneOrMore,
        };
        var runs = new Option<int?>("--runs") { Description = "Monte Carlo runs (default: the scenario's runs)" };
        var seed = new Option<int?>("--seed") { Description = "Seed; run i draws from a generator seeded with the seed and i (default: the scenario's seed)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (without per-run outcomes)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write result.json, report.md and the SVG charts here, in a folder per scenario when several are given (with --server: live.json and live.md)" };
        var png = new Option<bool>("--png") { Description = "With --out: write each chart as PNG too (compute.png, feedback.png, detections.png)" };
        var server = new Option<string?>("--server") { Description = "Replay one run on this live server and compare its violations with the simulation's (docs/simulation.md)" };
        var governance = CommonOptions.GovernanceKeys(required: false);
        governance.Description = "With --server: a governance key file of that server, to grant the replay's inspector its role (give it once per key the threshold needs)";
        var yesWriteTo = WriteTargets.YesWriteTo();
        var command = new Command("simulate", "Simulate a pause agreement: detection of each cheating strategy, false alarms, compute held back, the sweet spot")
        {
            file, runs, seed, json, output, png, server, governance, yesWriteTo,
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var files = parse.GetRequiredValue(file);

            // Every scenario is read and checked before any runs: a bad one changes nothing.
            var scenarios = files.Select(Load).ToList();
            var folders = Folders(files, parse.GetValue(output));
            if (parse.GetValue(server) is { } url)
            {
                if (scenarios.Count > 1)
                {
                    throw new CliFailure($"--server replays one scenario; {scenarios.Count} were given");
                }

                var keys = CommonOptions.RequireGovernanceKeys(parse, governance, "simulate --server");

                if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
                {
                    throw new CliFailure($"--server: not a URL: {url}");
                }

                await WriteTargets.RequireAsync(parse, yesWriteTo, [address], "simulate --server", cancellationToken);
                await Live(console, scenarios[0], address, keys, parse.GetValue(seed) ?? scenarios[0].Seed, parse.GetValue(json), parse.GetValue(output), cancellationToken);
                return;
            }

            if (parse.GetValue(png) && parse.GetValue(output) is null)
            {
                throw new CliFailure("--png needs --out DIR");
            }

            if (parse.GetValue(runs) is < 1)
            {
                throw new CliFailure("--runs must be at least 1");
            }

            var results = new List<SimulationResult>();
            for (var i = 0; i < scenarios.Count; i++)
            {
                var scenario = scenarios[i];
                var count = parse.GetValue(runs) ?? scenario.Runs;
                var first = parse.GetValue(seed) ?? scenario.Seed;
                var label = scenarios.Count == 1 ? "simulate" : $"simulate {scenario.Name}";
                var result = SimulationProgress.Show(console, label, count, progress => SimulationRunner.Run(scenario, count, first, progress));
                results.Add(result);
                if (!parse.GetValue(json))
                {
                    console.Out.WriteLine(ResultWriter.Markdown(result));
                }

                if (folders?[i] is { } dir)
                {
                    dir.Create();
                    foreach (var written in ResultWriter.Write(result, dir.FullName, parse.GetValue(png)))
                    {
                        console.Error.WriteLine($"wrote {written}");
                    }
                }
            }

            if (parse.GetValue(json))
            {
                // One scenario: its result object; several: an array of them, in the order given.
                var shown = results.Select(r => r with { Outcomes = [] }).ToList();
                console.Out.WriteLine(shown.Count == 1 ? JsonSerializer.Serialize(shown[0], Scenario.Json) : JsonSerializer.Serialize(shown, Scenario.Json));
            }
        });
        return command;
    }

    /// <summary>Reads a scenario file strictly; a problem becomes a one-line failure naming the file (an unknown field also its line).</summary>
    private static Scenario Load(FileInfo file)
    {
        var shown = file.ToString();
        if (!file.Exists)
        {
            throw new CliFailure($"no scenario file {file.FullName}");
        }

        try
        {
            return Scenario.Load(shown);
        }
        catch (JsonException e)
        {
            throw new CliFailure($"scenario {shown}: {e.Message}");
        }
    }

    /// <summary>Where each scenario's files go: <paramref name="output"/> itself for one, a folder per file name in it for several (null: nowhere).</summary>
    private static IReadOnlyList<DirectoryInfo>? Folders(IReadOnlyList<FileInfo> files, DirectoryInfo? output)
    {
        if (output is null)
        {
            return null;
        }

        if (files.Count == 1)
        {
            return [output];
        }

        var folders = files.Select(f => new DirectoryInfo(Path.Combine(output.FullName, Path.GetFileNameWithoutExtension(f.Name)))).ToList();
        var clash = folders.GroupBy(f => f.FullName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new CliFailure($"--out: two scenarios would write to {clash.Key}; give files with different names");
        }

        return folders;
    }

    private static async Task Live(CliConsole console, Scenario scenario, Uri address, IReadOnlyList<Core.Keys.PartyKeyPair> governance, int seed, bool json, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(address);
        var comparison = await SimulationProgress.ShowAsync(
            console,
            $"replaying on {address}", scenario.Parties.Count, p => new LiveSimulation(channel, governance).RunAsync(scenario, seed, address.ToString(), p, cancellationToken), "parties");
        var text = JsonSerializer.Serialize(comparison, Scenario.Json);
        console.Out.WriteLine(json ? text : comparison.Markdown());
        if (output is not null)
        {
            output.Create();
            foreach (var (name, content) in new[] { ("live.json", text), ("live.md", comparison.Markdown()) })
            {
                var written = Path.Combine(output.FullName, name);
                await File.WriteAllTextAsync(written, content, cancellationToken);
                console.Error.WriteLine($"wrote {written}");
            }
        }
    }
}
