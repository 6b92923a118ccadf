using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Accord.Cli.Output;
using Accord.Negotiation;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Llm;
using Accord.Negotiation.Protocols;
using Accord.Negotiation.Reporting;
using Accord.Negotiation.Tournaments;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>
/// `accord negotiate` and `accord tournament`: run the negotiation engine locally (no server). A domain is
/// a native JSON file (accord-negotiation-domain/1) or a folder of GENIUS XML (a domain file and its profiles, told
/// apart by content: GeniusFolder), one party per profile in ordinal file-name order, or those --profiles names.
/// </summary>
public static class NegotiateCommands
{
    /// <summary>The agent every party gets under `--agents mediator` alone.</summary>
    public const string MediatedPartyAgent = "boulware";

    public static Command BuildNegotiate()
    {
        var domain = new Option<string>("--domain") { Description = "A native JSON domain file, or a folder of GENIUS XML: one domain file (<negotiation_template>) and its profiles (<utility_space>), parties in file-name order", Required = true };
        var profiles = new Option<string?>("--profiles") { Description = "With a GENIUS folder: the profiles at the table, comma-separated file names, in party order (needed when the folder holds more profiles than agents)" };
        var agents = new Option<string>("--agents")
        {
            Description = "One agent per party, in party order: boulware, linear, conceder, tit-for-tat, micro, llm; or `mediator` alone (the AI mediator runs single text, every party boulware), or mediator followed by one agent per party",
            Required = true,
        };
        var rounds = new Option<int>("--rounds") { Description = "Deadline in rounds", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed (party i's agent gets seed x 7919 + i)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var trace = new Option<bool>("--trace") { Description = "Also print every move, round by round (from 1), with each issue's value" };
        var svg = new Option<FileInfo?>("--svg") { Description = "Write the first two parties' utility space with the offers: SVG, or PNG when the file name ends in .png" };
        var command = new Command("negotiate", "Run one negotiation session locally and print its outcome: the agreement by issue, the utilities and the metrics (--trace: every move)")
        {
            domain, agents, rounds, seed, json, trace, svg, profiles,
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var agentNames = CommonOptions.List(parse.GetRequiredValue(agents));
            var d = LoadDomain(parse.GetRequiredValue(domain), parse.GetValue(profiles) is { } chosen ? CommonOptions.List(chosen) : null, Seats(agentNames));
            var names = AgentNames(d, agentNames);
            var options = new ProtocolOptions { MaxRounds = Rounds(parse.GetValue(rounds)), Seed = parse.GetValue(seed) };
            var chart = parse.GetValue(svg);
            if (chart is not null)
            {
                ChartFormatOf("--svg", chart.FullName);
            }

            NegotiationResult result;
            try
            {
                result = await NegotiationRunner.RunAsync(d, names, options, AgentOptionsFor(names), cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new CliFailure($"--agents: {e.Message}");
            }

            if (chart is not null)
            {
                await ChartFile.WriteAsync(UtilitySpaceChart.Build(d, NegotiationRunner.AnalysisOf(d), result), chart.FullName, UtilitySpaceChart.Size, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                console.Out.WriteLine(ToJson(d, result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                if (parse.GetValue(trace))
                {
                    NegotiationText.Trace(console, d, result);
                }

                NegotiationText.Summary(console, d, result, options);
                if (chart is not null)
                {
                    console.Out.WriteLine($"utility space: {chart.FullName}");
                }
            }
        });
        return command;
    }

    public static Command BuildTournament()
    {
        var domains = new Option<string>("--domains") { Description = "Domains, comma-separated (JSON files or GENIUS folders)", Required = true };
        var agents = new Option<string>("--agents") { Description = "The agents, comma-separated (strategy agents)", DefaultValueFactory = _ => string.Join(',', AgentFactory.StrategyNames) };
        var rounds = new Option<int>("--rounds") { Description = "Deadline in rounds", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Base seed (a session's seed is base + 1000 x repetition + assignment index)", DefaultValueFactory = _ => 0 };
        var repetitions = new Option<int>("--repetitions") { Description = "Times every assignment is played", DefaultValueFactory = _ => 1 };
        var noSelfPlay = new Option<bool>("--no-self-play") { Description = "Skip assignments where one agent plays several roles" };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write one CSV line per session" };
        var svg = new Option<DirectoryInfo?>("--svg") { Description = "Write one utility-space SVG per session into this folder" };
        var command = new Command("tournament", "Play every assignment of the agents to the parties' roles on every domain and print a leaderboard")
        {
            domains, agents, rounds, seed, repetitions, noSelfPlay, csv, svg,
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var loaded = CommonOptions.List(parse.GetRequiredValue(domains)).Select(path => LoadDomain(path)).ToArray();
            if (loaded.Length == 0)
            {
                throw new CliFailure("--domains: give at least one domain");
            }

            var names = CommonOptions.List(parse.GetRequiredValue(agents));
            if (parse.GetValue(repetitions) < 1)
            {
                throw new CliFailure("--repetitions must be at least 1");
            }

            var options = new TournamentOptions
            {
                Agents = names,
                Repetitions = parse.GetValue(repetitions),
                SelfPlay = !parse.GetValue(noSelfPlay),
                Protocol = new ProtocolOptions { MaxRounds = Rounds(parse.GetValue(rounds)), Seed = parse.GetValue(seed) },
                AgentOptions = AgentOptionsFor(names) ?? new AgentOptions(),
            };
            TournamentResult result;
            try
            {
                result = await Tournament.RunAsync(loaded, options, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new CliFailure($"--agents: {e.Message}");
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("rank", "agent", "sessions", "agreement rate", "mean utility", "mean advantage", "mean welfare", "mean Nash distance");
            foreach (var e in result.Leaderboard)
            {
                table.AddRow(
                    e.Rank.ToString(CultureInfo.InvariantCulture),
                    Printable.Markup(e.Agent),
                    e.Sessions.ToString(CultureInfo.InvariantCulture),
                    Num(e.AgreementRate, "0.00"),
                    Num(e.MeanUtility),
                    Num(e.MeanAdvantage),
                    Num(e.MeanWelfare),
                    Num(e.MeanNashDistance));
            }

            console.Ansi.Write(table);
            console.Out.WriteLine($"{result.Rows.Count} sessions on {string.Join(", ", loaded.Select(d => d.Name))}");
            if (parse.GetValue(csv) is { } csvFile)
            {
                await File.WriteAllTextAsync(csvFile.FullName, result.ToCsv(), cancellationToken);
                console.Out.WriteLine($"sessions: {csvFile.FullName}");
            }

            if (parse.GetValue(svg) is { } dir)
            {
                dir.Create();
                var byName = loaded.ToDictionary(d => d.Name, StringComparer.Ordinal);
                foreach (var row in result.Rows)
                {
                    var d = byName[row.Domain];
                    var name = Safe($"{row.Domain}-{row.Repetition}-{row.Seed}-{string.Join('_', row.Agents)}") + ".svg";
                    await ChartFile.WriteAsync(UtilitySpaceChart.Build(d, NegotiationRunner.AnalysisOf(d), row.Result), Path.Combine(dir.FullName, name), UtilitySpaceChart.Size, cancellationToken);
                }

                console.Out.WriteLine($"utility spaces: {dir.FullName} ({result.Rows.Count} files)");
            }
        });
        return command;
    }

    /// <summary>
    /// Loads a native JSON domain file or a GENIUS folder (with the <paramref name="profiles"/> chosen, or all of them when
    /// they are not more than <paramref name="seats"/>); a problem becomes a one-line CLI failure.
    /// </summary>
    public static NegotiationDomain LoadDomain(string path, IReadOnlyList<string>? profiles = null, int? seats = null)
    {
        if (profiles is { Count: > 0 } && !Directory.Exists(path))
        {
            throw new CliFailure("--profiles: only with a GENIUS folder as --domain");
        }

        try
        {
            if (Directory.Exists(path))
            {
                return GeniusFolder.Read(path).Load(profiles, seats);
            }

            if (File.Exists(path))
            {
                return DomainJson.Load(path);
            }
        }
        catch (Core.Common.UnknownJsonFieldException)
        {
            // Already names the file and the line.
            throw;
        }
        catch (Exception e) when (e is JsonException or FormatException or XmlException or ArgumentException or InvalidOperationException or FileNotFoundException)
        {
            // Name the domain once: a GENIUS folder's own refusals already name it.
            throw new CliFailure(e.Message.Contains($"'{path}'", StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
        }

        throw new CliFailure($"--domain: '{path}' is neither a domain file nor a folder");
    }

    /// <summary>
    /// How many parties `--agents` seats: one per agent but the mediator; null for `mediator` alone (one per party) or
    /// fewer than two (no session: <see cref="AgentNames"/> says so).
    /// </summary>
    private static int? Seats(IReadOnlyList<string> names) =>
        names.Count(n => !n.Equals("mediator", StringComparison.OrdinalIgnoreCase)) is var seats and >= 2 ? seats : null;

    /// <summary>The agents to run: `mediator` alone becomes the mediator and one boulware per party.</summary>
    public static IReadOnlyList<string> AgentNames(NegotiationDomain domain, IReadOnlyList<string> names)
    {
        if (names.Count == 1 && names[0].Equals("mediator", StringComparison.OrdinalIgnoreCase))
        {
            return ["mediator", .. Enumerable.Repeat(MediatedPartyAgent, domain.Parties.Count)];
        }

        var parties = names.Count(n => !n.Equals("mediator", StringComparison.OrdinalIgnoreCase));
        if (parties != domain.Parties.Count)
        {
            throw new CliFailure(
                $"--agents: domain '{domain.Name}' has {domain.Parties.Count} parties ({string.Join(", ", domain.Parties.Select(p => p.Name))}); give one agent each, in that order (got {parties})");
        }

        return names;
    }

    /// <summary>The session as one JSON object: agreement, outcome (issue -> value), utilities (party -> number), the metrics and the trace (rounds from 1).</summary>
    public static JsonObject ToJson(NegotiationDomain domain, NegotiationResult r)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(r);
        var m = r.Metrics;
        JsonObject PerParty(IReadOnlyList<double> values)
        {
            var o = new JsonObject();
            for (var i = 0; i < r.Parties.Count; i++)
            {
                o[r.Parties[i]] = Number(values[i]);
            }

            return o;
        }

        JsonObject? Labels(Outcome? outcome)
        {
            if (outcome is null)
            {
                return null;
            }

            var o = new JsonObject();
            for (var i = 0; i < domain.Issues.Count; i++)
            {
                o[domain.Issues[i].Name] = domain.Issues[i].Labels[outcome[i]];
            }

            return o;
        }

        var trace = new JsonArray();
        foreach (var e in r.Trace)
        {
            trace.Add(new JsonObject
            {
                ["round"] = e.RoundNumber,
                ["step"] = e.Step,
                ["party"] = e.Party < 0 ? "mediator" : r.Parties[e.Party],
                ["agent"] = e.Agent,
                ["action"] = e.Kind.ToString().ToLowerInvariant(),
                ["offer"] = Labels(e.Offer),
                ["utilities"] = e.Utilities is null ? null : PerParty(e.Utilities),
                ["message"] = e.Message,
            });
        }

        return new JsonObject
        {
            ["domain"] = r.Domain,
            ["protocol"] = r.Protocol == ProtocolKind.SingleText ? "single_text" : "alternating_offers",
            ["parties"] = new JsonArray([.. r.Parties.Select(p => (JsonNode?)p)]),
            ["agents"] = new JsonArray([.. r.Agents.Select(a => (JsonNode?)a)]),
            ["mediator"] = r.Mediator,
            ["agreement"] = r.Agreement,
            ["end_reason"] = r.EndReason,
            ["rounds"] = r.Rounds,
            ["outcome"] = Labels(r.Deal),
            ["utilities"] = PerParty(m.Utilities),
            ["advantages"] = PerParty(m.Advantages),
            ["welfare"] = Number(m.Welfare),
            ["nash_product"] = Number(m.NashProduct),
            ["pareto_distance"] = Number(m.ParetoDistance),
            ["nash_distance"] = Number(m.NashDistance),
            ["kalai_distance"] = Number(m.KalaiDistance),
            ["agreement_time"] = Number(m.AgreementTime),
            ["elapsed_seconds"] = Number(m.ElapsedSeconds),
            ["self_enforcing"] = r.Enforcement?.SelfEnforcing,
            ["explanation"] = r.Explanation,
            ["trace"] = trace,
        };
    }

    private static AgentOptions? AgentOptionsFor(IReadOnlyList<string> names)
    {
        if (!names.Any(n => n.Trim().Equals("llm", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        // The LLM's endpoint and model come from the environment: Accord__Negotiation__Llm__Endpoint, ...__Model, ...
        var llm = new LlmOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(LlmOptions.SectionName).Bind(llm);
        return new AgentOptions { Llm = llm };
    }

    /// <summary>The chart format a file name asks for; anything but .svg or .png is a one-line CLI failure naming the option.</summary>
    private static ChartFormat ChartFormatOf(string option, string path)
    {
        try
        {
            return ChartFile.FormatOf(path);
        }
        catch (ArgumentException e)
        {
            throw new CliFailure($"{option}: {e.Message}");
        }
    }

    private static int Rounds(int rounds) => rounds >= 1 ? rounds : throw new CliFailure("--rounds must be at least 1");

    private static JsonNode? Number(double x) => double.IsFinite(x) ? JsonValue.Create(x) : null;

    internal static string Num(double x, string format = "0.####") => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
