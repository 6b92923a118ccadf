using System.CommandLine;
using System.Text.Json;
using Accord.Cli.Output;
using Accord.Fleets;
using Accord.Simulation;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord simulate FILE`: Monte Carlo of a pause agreement through the real ingest and compliance code.</summary>
public static class SimulateCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("scenario") { Description = "A scenario file (see scenarios/ and docs/simulation.md)" };
        var runs = new Option<int?>("--runs") { Description = "Monte Carlo runs (default: the scenario's runs)" };
        var seed = new Option<int?>("--seed") { Description = "Seed; run i draws from a generator seeded with the seed and i (default: the scenario's seed)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (without per-run outcomes)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write result.json, report.md and the SVG charts here (with --server: live.json and live.md)" };
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
            var path = parse.GetRequiredValue(file).FullName;
            if (!File.Exists(path))
            {
                throw new CliFailure($"no scenario file {path}");
            }

            Scenario scenario;
            try
            {
                scenario = Scenario.Load(path);
            }
            catch (JsonException e)
            {
                throw new CliFailure($"scenario {path}: {e.Message}");
            }
            if (parse.GetValue(server) is { } url)
            {
                var keys = CommonOptions.RequireGovernanceKeys(parse, governance, "simulate --server");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
                {
                    throw new CliFailure($"--server: not a URL: {url}");
                }

                await WriteTargets.RequireAsync(parse, yesWriteTo, [address], "simulate --server", cancellationToken);
                await Live(console, scenario, address, keys, parse.GetValue(seed) ?? scenario.Seed, parse.GetValue(json), parse.GetValue(output), cancellationToken);
                return;
            }

            if (parse.GetValue(png) && parse.GetValue(output) is null)
            {
                throw new CliFailure("--png needs --out DIR");
            }

            var count = parse.GetValue(runs) ?? scenario.Runs;
            if (count < 1)
            {
                throw new CliFailure("--runs must be at least 1");
            }

            var first = parse.GetValue(seed) ?? scenario.Seed;
            var result = SimulationProgress.Show(console, "simulate", count, progress => SimulationRunner.Run(scenario, count, first, progress));
            console.Out.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(result with { Outcomes = [] }, Scenario.Json) : ResultWriter.Markdown(result));

            if (parse.GetValue(output) is { } dir)
            {
                dir.Create();
                foreach (var written in ResultWriter.Write(result, dir.FullName, parse.GetValue(png)))
                {
                    console.Error.WriteLine($"wrote {written}");
                }
            }
        });
        return command;
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
