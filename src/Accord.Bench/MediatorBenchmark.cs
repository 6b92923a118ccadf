using System.Diagnostics;
using Accord.Negotiation.Agents;
using Accord.Negotiation.Domains;

namespace Accord.Bench;

/// <summary>The figures of one mediator benchmark run.</summary>
/// <param name="ElapsedSeconds">Wall time of the mediator's analysis (frontier, Nash point, ranking, first text), excluding domain generation.</param>
/// <param name="Outcomes">Outcomes in the generated domain.</param>
/// <param name="FrontierSize">Pareto frontier size.</param>
/// <param name="Exact">Whether the frontier was found exactly.</param>
/// <param name="Nash">The Nash point.</param>
/// <param name="NashUtilities">The parties' utilities at the Nash point.</param>
/// <param name="Method">What ran, in words.</param>
public sealed record MediatorBenchmarkResult(double ElapsedSeconds, long Outcomes, int FrontierSize, bool Exact, Outcome? Nash, IReadOnlyList<double>? NashUtilities, string Method);

/// <summary>
/// Times the AI mediator on a generated domain (what <c>accord bench negotiate</c> calls): n parties,
/// k issues of round(outcomes^(1/k)) discrete values each, seeded random additive preferences (weights
/// uniform then normalised, values uniform on [0, 1]) and reservation values uniform on [0.2, 0.4].
/// </summary>
public static class MediatorBenchmark
{
    /// <summary>Generates the domain and times the mediator's initialization and first proposal.</summary>
    public static MediatorBenchmarkResult Run(int parties = 5, int issues = 6, long outcomesApprox = 1_000_000, int seed = 1)
    {
        var domain = Generate(parties, issues, outcomesApprox, seed);
        var sw = Stopwatch.StartNew();
        var mediator = new AiMediator();
        mediator.Initialize(domain, seed);
        var proposal = mediator.ProposeAsync(new MediationState(domain, 0, 100, 0, [])).AsTask().GetAwaiter().GetResult();
        sw.Stop();
        var a = mediator.Unrestricted!;
        _ = proposal;
        return new MediatorBenchmarkResult(sw.Elapsed.TotalSeconds, domain.OutcomeCount, a.Frontier.Count, a.Exact, a.Nash?.Outcome, a.Nash?.Utilities, a.Method);
    }

    /// <summary>The benchmark's domain.</summary>
    public static NegotiationDomain Generate(int parties, int issues, long outcomesApprox, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(issues, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outcomesApprox, 2);
        var values = Math.Max(2, (int)Math.Round(Math.Pow(outcomesApprox, 1.0 / issues)));
        var rng = new Random(seed);
        var issueList = Enumerable.Range(0, issues).Select(i => Issue.Discrete($"issue{i + 1}", Enumerable.Range(0, values).Select(v => $"v{v + 1}"))).ToArray();
        var prefs = Enumerable.Range(0, parties).Select(p =>
        {
            var w = Enumerable.Range(0, issues).Select(_ => rng.NextDouble()).ToArray();
            var s = w.Sum();
            var functions = issueList.Select(issue => (ValueFunction)new TableValueFunction(issue.Labels.ToDictionary(l => l, _ => rng.NextDouble(), StringComparer.Ordinal))).ToArray();
            return new PartyPreferences($"party{p + 1}", w.Select(x => x / s).ToArray(), functions, 0.2 + (0.2 * rng.NextDouble()), 1.0, []);
        }).ToArray();
        return new NegotiationDomain($"bench-{parties}p-{issues}i-{values}v-{seed}", issueList, prefs);
    }
}
