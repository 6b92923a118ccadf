using System.Globalization;
using Accord.Cli.Output;
using Accord.Negotiation;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>
/// What `accord negotiate` prints: by default a summary (the set-up, the outcome, the agreement by issue name, each
/// party's utility and the metrics); with --trace, every move first, one column per issue. Rounds count from 1
/// everywhere (<see cref="TraceEntry.RoundNumber"/>, <see cref="NegotiationResult.Rounds"/>).
/// </summary>
internal static class NegotiationText
{
    /// <summary>The summary.</summary>
    public static void Summary(CliConsole console, NegotiationDomain d, NegotiationResult r, ProtocolOptions options)
    {
        var protocol = r.Protocol == ProtocolKind.SingleText ? $"mediated single text ({r.Mediator})" : "stacked alternating offers";
        var seats = string.Join(" vs ", r.Parties.Select((p, i) => $"{r.Agents[i]} ({p})"));
        console.Ansi.MarkupLine(Printable.Markup($"{d.Name}: {seats}; {protocol}; {options.MaxRounds} rounds, seed {options.Seed}"));
        console.Ansi.MarkupLine(r.Agreement
            ? Printable.Markup($"agreement in round {r.Rounds} of {options.MaxRounds}")
            : Printable.Markup($"no agreement: {r.EndReason} after {r.Rounds} rounds"));
        if (r.Deal is { } deal)
        {
            var terms = new Table().Border(TableBorder.Rounded).Title("agreement").AddColumns("issue", "value");
            for (var i = 0; i < d.Issues.Count; i++)
            {
                terms.AddRow(Printable.Markup(d.Issues[i].Name), Printable.Markup(d.Issues[i].Labels[deal[i]]));
            }

            console.Ansi.Write(terms);
        }

        var parties = new Table().Border(TableBorder.Rounded).Title("utilities (0 to 1)").AddColumns("party", "agent", "utility", "reservation", "advantage");
        for (var i = 0; i < r.Parties.Count; i++)
        {
            parties.AddRow(
                Printable.Markup(r.Parties[i]),
                Printable.Markup(r.Agents[i]),
                NegotiateCommands.Num(r.Metrics.Utilities[i]),
                NegotiateCommands.Num(d.Parties[i].Reservation),
                NegotiateCommands.Num(r.Metrics.Advantages[i]));
        }

        console.Ansi.Write(parties);
        var m = r.Metrics;
        var metrics = new Table().Border(TableBorder.Rounded).Title("metrics").AddColumns("metric", "value");
        metrics.AddRow("social welfare (sum of utilities)", NegotiateCommands.Num(m.Welfare));
        metrics.AddRow("Nash product", NegotiateCommands.Num(m.NashProduct));
        metrics.AddRow("distance to Pareto frontier", NegotiateCommands.Num(m.ParetoDistance));
        metrics.AddRow("distance to Nash point", NegotiateCommands.Num(m.NashDistance));
        metrics.AddRow("distance to Kalai point", NegotiateCommands.Num(m.KalaiDistance));
        metrics.AddRow("agreement time (share of the deadline)", NegotiateCommands.Num(m.AgreementTime));
        metrics.AddRow("elapsed", $"{NegotiateCommands.Num(m.ElapsedSeconds, "0.000")} s");
        if (r.Enforcement is { } enforcement)
        {
            metrics.AddRow("self-enforcing", enforcement.SelfEnforcing ? "yes" : Printable.Markup($"no (cheats: {string.Join(", ", enforcement.Cheaters)})"));
            metrics.AddRow("P(detect)", NegotiateCommands.Num(enforcement.DetectionProbability));
        }

        console.Ansi.Write(metrics);
        if (r.Explanation is { } explanation)
        {
            console.Out.WriteLine($"mediator: {explanation}");
        }
    }

    /// <summary>Every move: its round (from 1), who moved, what it did, the offer's value of each issue (the column named by the issue) and every party's utility for it.</summary>
    public static void Trace(CliConsole console, NegotiationDomain d, NegotiationResult r)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("trace")
            .AddColumns("round", "party", "agent", "action")
            .AddColumns([.. d.Issues.Select(i => Printable.Markup(i.Name))])
            .AddColumn(Printable.Markup($"utility ({string.Join(" / ", r.Parties)})"));
        foreach (var e in r.Trace)
        {
            string[] offer = e.Offer is null ? [.. d.Issues.Select(_ => "-")] : [.. d.Labels(e.Offer).Select(Printable.Markup)];
            table.AddRow([
                e.RoundNumber.ToString(CultureInfo.InvariantCulture),
                Printable.Markup(e.Party < 0 ? "mediator" : r.Parties[e.Party]),
                Printable.Markup(e.Agent),
                e.Kind.ToString().ToLowerInvariant(),
                .. offer,
                e.Utilities is null ? "-" : string.Join(" / ", e.Utilities.Select(u => NegotiateCommands.Num(u))),
            ]);
        }

        console.Ansi.Write(table);
    }
}
