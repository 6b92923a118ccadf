using System.Globalization;
using System.Text;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Tournaments;

/// <summary>How a tournament runs.</summary>
public sealed record TournamentOptions
{
    /// <summary>The agents, by <see cref="AgentFactory"/> name.</summary>
    public IReadOnlyList<string> Agents { get; init; } = AgentFactory.StrategyNames;

    /// <summary>How many times each assignment is played (each with its own seed).</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Whether an agent may play against itself.</summary>
    public bool SelfPlay { get; init; } = true;

    /// <summary>The protocol of every session (its seed is the base seed).</summary>
    public ProtocolOptions Protocol { get; init; } = new();

    /// <summary>What agents created by name need (e.g. a chat client for "llm").</summary>
    public AgentOptions AgentOptions { get; init; } = new();
}

/// <summary>One session of a tournament.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Repetition">The repetition (from 0).</param>
/// <param name="Seed">The session's seed.</param>
/// <param name="Agents">The agent of each party role, in party order.</param>
/// <param name="Result">The session's result.</param>
public sealed record TournamentRow(string Domain, int Repetition, int Seed, IReadOnlyList<string> Agents, NegotiationResult Result);

/// <summary>An agent's standing.</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="Agent">The agent's name.</param>
/// <param name="Sessions">Sessions it played (counted once per role it held).</param>
/// <param name="AgreementRate">The fraction of those that ended in agreement.</param>
/// <param name="MeanUtility">Its mean utility.</param>
/// <param name="MeanAdvantage">Its mean advantage (u - r)/(max - r): the ranking key.</param>
/// <param name="MeanWelfare">The mean social welfare of its sessions.</param>
/// <param name="MeanNashDistance">The mean distance of its sessions to the Nash point.</param>
public sealed record LeaderboardEntry(int Rank, string Agent, int Sessions, double AgreementRate, double MeanUtility, double MeanAdvantage, double MeanWelfare, double MeanNashDistance);

/// <summary>A tournament's sessions and leaderboard.</summary>
/// <param name="Rows">Every session.</param>
/// <param name="Leaderboard">Agents by mean advantage, best first (ties: agreement rate, then name).</param>
public sealed record TournamentResult(IReadOnlyList<TournamentRow> Rows, IReadOnlyList<LeaderboardEntry> Leaderboard)
{
    /// <summary>
    /// The sessions as CSV (RFC 4180, LF line ends): <c>domain,repetition,seed,agents,agreement,rounds,
    /// utilities,advantages,welfare,nash_product,pareto_distance,nash_distance,kalai_distance,end_reason</c>;
    /// per-party lists are ';'-joined in party order; numbers in invariant round-trip form.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("domain,repetition,seed,agents,agreement,rounds,utilities,advantages,welfare,nash_product,pareto_distance,nash_distance,kalai_distance,end_reason\n");
        foreach (var r in Rows)
        {
            var m = r.Result.Metrics;
            sb.AppendJoin(
                ',',
                Csv.Field(r.Domain),
                Csv.Number(r.Repetition),
                Csv.Number(r.Seed),
                Csv.Field(string.Join(';', r.Agents)),
                m.Agreement ? "true" : "false",
                Csv.Number(m.Rounds),
                Csv.Field(string.Join(';', m.Utilities.Select(Csv.Number))),
                Csv.Field(string.Join(';', m.Advantages.Select(Csv.Number))),
                Csv.Number(m.Welfare),
                Csv.Number(m.NashProduct),
                Csv.Number(m.ParetoDistance),
                Csv.Number(m.NashDistance),
                Csv.Number(m.KalaiDistance),
                Csv.Field(r.Result.EndReason));
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The leaderboard as CSV: <c>rank,agent,sessions,agreement_rate,mean_utility,mean_advantage,mean_welfare,mean_nash_distance</c>.</summary>
    public string LeaderboardCsv()
    {
        var sb = new StringBuilder("rank,agent,sessions,agreement_rate,mean_utility,mean_advantage,mean_welfare,mean_nash_distance\n");
        foreach (var e in Leaderboard)
        {
            sb.AppendJoin(',', Csv.Number(e.Rank), Csv.Field(e.Agent), Csv.Number(e.Sessions), Csv.Number(e.AgreementRate), Csv.Number(e.MeanUtility), Csv.Number(e.MeanAdvantage), Csv.Number(e.MeanWelfare), Csv.Number(e.MeanNashDistance));
            sb.Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>
/// Runs every assignment of agents to party roles (so every pair or group, with roles swapped) on every
/// domain, <see cref="TournamentOptions.Repetitions"/> times, and ranks the agents by mean advantage.
/// Session seeds are base seed + 1000 x repetition + the assignment's index, so a tournament is
/// deterministic.
/// </summary>
public static class Tournament
{
    /// <summary>Runs a tournament (synchronously; for strategy agents).</summary>
    public static TournamentResult Run(IReadOnlyList<NegotiationDomain> domains, TournamentOptions? options = null) =>
        RunAsync(domains, options).GetAwaiter().GetResult();

    /// <summary>Runs a tournament.</summary>
    public static async Task<TournamentResult> RunAsync(IReadOnlyList<NegotiationDomain> domains, TournamentOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domains);
        options ??= new TournamentOptions();
        if (options.Agents.Count == 0 || options.Agents.Any(a => a.Equals("mediator", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("A tournament needs party agents (not \"mediator\"; use a single-text protocol for mediation).", nameof(options));
        }

        var rows = new List<TournamentRow>();
        foreach (var domain in domains)
        {
            var assignments = Assignments(options.Agents, domain.Parties.Count, options.SelfPlay).ToArray();
            for (var rep = 0; rep < options.Repetitions; rep++)
            {
                for (var a = 0; a < assignments.Length; a++)
                {
                    var seed = options.Protocol.Seed + (1000 * rep) + a;
                    var result = await NegotiationRunner.RunAsync(domain, assignments[a], options.Protocol with { Seed = seed }, options.AgentOptions, cancellationToken).ConfigureAwait(false);
                    rows.Add(new TournamentRow(domain.Name, rep, seed, assignments[a], result));
                }
            }
        }

        var board = options.Agents.Distinct(StringComparer.Ordinal).Select(agent =>
        {
            var plays = rows.SelectMany(r => r.Agents.Select((name, role) => (name, role, r))).Where(x => x.name == agent).ToArray();
            var n = plays.Length;
            double Mean(Func<(string Name, int Role, TournamentRow Row), double> f) => n == 0 ? double.NaN : plays.Select(f).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
            return new LeaderboardEntry(
                0,
                agent,
                n,
                Mean(x => x.Row.Result.Agreement ? 1 : 0),
                Mean(x => x.Row.Result.Metrics.Utilities[x.Role]),
                Mean(x => x.Row.Result.Metrics.Advantages[x.Role]),
                Mean(x => x.Row.Result.Metrics.Welfare),
                Mean(x => x.Row.Result.Metrics.NashDistance));
        })
            .OrderByDescending(e => e.MeanAdvantage)
            .ThenByDescending(e => e.AgreementRate)
            .ThenBy(e => e.Agent, StringComparer.Ordinal)
            .Select((e, i) => e with { Rank = i + 1 })
            .ToArray();
        return new TournamentResult(rows, board);
    }

    private static IEnumerable<string[]> Assignments(IReadOnlyList<string> agents, int roles, bool selfPlay)
    {
        var index = new int[roles];
        while (true)
        {
            if (selfPlay || index.Distinct().Count() == roles)
            {
                yield return index.Select(i => agents[i]).ToArray();
            }

            var k = roles - 1;
            while (k >= 0 && ++index[k] == agents.Count)
            {
                index[k--] = 0;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }
}

internal static class Csv
{
    public static string Number(double x) => double.IsNaN(x) ? string.Empty : x.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(int x) => x.ToString(CultureInfo.InvariantCulture);

    public static string Field(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
