using Accord.Negotiation.Analysis;

namespace Accord.Bench;

/// <summary>`accord bench negotiate`: the mediator's exact Pareto frontier and Nash point on a generated 10^6-outcome domain.</summary>
public static class NegotiateBench
{
    /// <summary>The figures `accord bench negotiate` reports.</summary>
    public sealed record Result(
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
    public static Result Run(int seed, int runs)
    {
        if (runs < 1)
        {
            throw new BenchInputException("--runs must be at least 1");
        }

        const int parties = 5, issues = 6;
        const long outcomes = 1_000_000;
        var results = Enumerable.Range(0, runs).Select(_ => MediatorBenchmark.Run(parties, issues, outcomes, seed)).ToArray();
        var last = results[^1];
        var domain = MediatorBenchmark.Generate(parties, issues, outcomes, seed);
        return new Result(
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
}
