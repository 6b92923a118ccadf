using System.Diagnostics;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Analysis;

/// <summary>An outcome with every party's utility for it.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Utilities">Each party's utility, in party order.</param>
public sealed record OutcomePoint(Outcome Outcome, IReadOnlyList<double> Utilities)
{
    /// <summary>The sum of the utilities.</summary>
    public double Welfare => Utilities.Sum();
}

/// <summary>A bargaining solution concept the mediator can aim for.</summary>
public enum SolutionConcept
{
    /// <summary>Maximise the product of gains over the reservation values (Nash bargaining).</summary>
    Nash,

    /// <summary>Maximise the smallest gain over reservation relative to each party's best possible gain (Kalai-Smorodinsky).</summary>
    Kalai,

    /// <summary>Maximise the sum of utilities among individually rational deals.</summary>
    MaxWelfare,
}

/// <summary>How to analyse an outcome space.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Utilities closer than this are equal when testing dominance and ties (0: exact IEEE comparison).</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Restrict every result to deals self-enforcing for all parties under the domain's inspection game.</summary>
    public bool SelfEnforcingOnly { get; init; }

    /// <summary>Above this many outcomes (after per-issue pruning), switch from exact enumeration to the heuristic.</summary>
    public long MaxEnumerated { get; init; } = 5_000_000;

    /// <summary>How many weight vectors the heuristic sweeps.</summary>
    public int HeuristicWeights { get; init; } = 4096;

    /// <summary>The heuristic's random seed.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// The outcome space of a domain, analysed: the Pareto frontier of the deals every party's constraints
/// allow (optionally only self-enforcing ones), and on it the Nash bargaining point (maximises the
/// product of u_i - r_i over deals with u_i &gt; r_i for all i), the Kalai-Smorodinsky point (maximises
/// min_i (u_i - r_i)/(best_i - r_i) over deals with u_i &gt;= r_i, best_i being the party's best utility
/// over the whole space, as NegMAS normalises) and the max-welfare point (maximises the sum of
/// utilities over individually rational deals, over all deals when none is). Ties go to the larger
/// welfare, then the first outcome in mixed-radix order.
/// <para>
/// Exact method: drop each issue value that another value of the same issue dominates for every party,
/// and each pair of values of two issues that another pair dominates (sound because utilities are
/// additive: swapping the dominated value or pair into any outcome dominates it; pairs only with a
/// positive tolerance), enumerate the rest depth-first with per-issue utility tables and running sums,
/// skipping a subtree as soon as it holds a dominated pair, then sort by welfare and keep the skyline
/// (a block-nested loop that checks each point against a cache of recent dominators, then only against
/// the skyline points at or above it in the utility where they are fewest, kept sorted per utility). Beyond
/// <see cref="AnalysisOptions.MaxEnumerated"/> outcomes, the heuristic: sweep weight vectors over the
/// simplex (the parties' unit vectors, the uniform vector and seeded random ones); for each, the outcome
/// maximising the weighted sum is found exactly issue by issue (additivity again), giving the supported
/// Pareto points; the Nash point is then improved by coordinate ascent. The heuristic misses
/// unsupported (non-convex) frontier points; <see cref="Exact"/> says which method ran.
/// </para>
/// </summary>
public sealed class OutcomeSpaceAnalysis
{
    private OutcomeSpaceAnalysis(NegotiationDomain domain, AnalysisOptions options)
    {
        Domain = domain;
        Options = options;
        Reservations = Enumerable.Range(0, domain.Parties.Count).Select(p => domain.UtilityOf(p).Reservation).ToArray();
        Ideal = Enumerable.Range(0, domain.Parties.Count).Select(p => domain.UtilityOf(p).Max).ToArray();
    }

    /// <summary>The domain analysed.</summary>
    public NegotiationDomain Domain { get; }

    /// <summary>The options used.</summary>
    public AnalysisOptions Options { get; }

    /// <summary>The Pareto frontier, by the first party's utility descending.</summary>
    public IReadOnlyList<OutcomePoint> Frontier { get; private set; } = [];

    /// <summary>Whether the frontier was found by exhaustive enumeration.</summary>
    public bool Exact { get; private set; }

    /// <summary>How many outcomes were evaluated.</summary>
    public long Evaluated { get; private set; }

    /// <summary>How many outcomes the per-issue pruning left (the exact method's search space).</summary>
    public long SearchSpace { get; private set; }

    /// <summary>Each party's reservation value (the disagreement point).</summary>
    public IReadOnlyList<double> Reservations { get; }

    /// <summary>Each party's best utility over the space (the ideal point).</summary>
    public IReadOnlyList<double> Ideal { get; }

    /// <summary>The Nash bargaining point, or null when no deal beats every reservation.</summary>
    public OutcomePoint? Nash { get; private set; }

    /// <summary>The Kalai-Smorodinsky point, or null when no deal is individually rational.</summary>
    public OutcomePoint? Kalai { get; private set; }

    /// <summary>The max-welfare point, or null when the space is empty.</summary>
    public OutcomePoint? MaxWelfare { get; private set; }

    /// <summary>What ran, in words.</summary>
    public string Method { get; private set; } = string.Empty;

    /// <summary>How long the analysis took.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Analyses <paramref name="domain"/>.</summary>
    public static OutcomeSpaceAnalysis Analyze(NegotiationDomain domain, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var a = new OutcomeSpaceAnalysis(domain, options ?? new AnalysisOptions());
        var sw = Stopwatch.StartNew();
        FrontierSearch.Run(a);
        a.Elapsed = sw.Elapsed;
        return a;
    }

    /// <summary>The point of <paramref name="concept"/>.</summary>
    public OutcomePoint? Solution(SolutionConcept concept) => concept switch
    {
        SolutionConcept.Nash => Nash,
        SolutionConcept.Kalai => Kalai,
        _ => MaxWelfare,
    };

    /// <summary>The product of u_i - r_i, 0 when some u_i &lt;= r_i.</summary>
    public double NashProduct(IReadOnlyList<double> utilities)
    {
        ArgumentNullException.ThrowIfNull(utilities);
        var product = 1.0;
        for (var i = 0; i < utilities.Count; i++)
        {
            var g = utilities[i] - Reservations[i];
            if (g <= 0)
            {
                return 0;
            }

            product *= g;
        }

        return product;
    }

    /// <summary>min_i (u_i - r_i)/(best_i - r_i); negative when some u_i &lt; r_i.</summary>
    public double KalaiScore(IReadOnlyList<double> utilities)
    {
        ArgumentNullException.ThrowIfNull(utilities);
        var score = double.PositiveInfinity;
        for (var i = 0; i < utilities.Count; i++)
        {
            var range = Ideal[i] - Reservations[i];
            var s = range > 0 ? (utilities[i] - Reservations[i]) / range : utilities[i] - Reservations[i];
            score = Math.Min(score, s);
        }

        return score;
    }

    /// <summary>Whether every u_i &gt;= r_i.</summary>
    public bool IsIndividuallyRational(IReadOnlyList<double> utilities)
    {
        ArgumentNullException.ThrowIfNull(utilities);
        for (var i = 0; i < utilities.Count; i++)
        {
            if (utilities[i] < Reservations[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The score of <paramref name="utilities"/> under <paramref name="concept"/> (larger is better).</summary>
    public double Score(SolutionConcept concept, IReadOnlyList<double> utilities) => concept switch
    {
        SolutionConcept.Nash => NashProduct(utilities),
        SolutionConcept.Kalai => KalaiScore(utilities),
        _ => utilities.Sum(),
    };

    /// <summary>The Euclidean distance from <paramref name="utilities"/> to the nearest frontier point.</summary>
    public double DistanceToFrontier(IReadOnlyList<double> utilities)
    {
        var best = double.PositiveInfinity;
        foreach (var p in Frontier)
        {
            best = Math.Min(best, Distance(utilities, p.Utilities));
        }

        return double.IsPositiveInfinity(best) ? double.NaN : best;
    }

    /// <summary>The Euclidean distance between two utility vectors.</summary>
    public static double Distance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var s = 0.0;
        for (var i = 0; i < a.Count; i++)
        {
            var d = a[i] - b[i];
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    internal void SetResults(IReadOnlyList<OutcomePoint> frontier, bool exact, long evaluated, long space, string method)
    {
        Frontier = frontier;
        Exact = exact;
        Evaluated = evaluated;
        SearchSpace = space;
        Method = method;
        Nash = Best(frontier.Where(p => NashProduct(p.Utilities) > 0), SolutionConcept.Nash);
        Kalai = Best(frontier.Where(p => IsIndividuallyRational(p.Utilities)), SolutionConcept.Kalai);
        var rational = frontier.Where(p => IsIndividuallyRational(p.Utilities)).ToArray();
        MaxWelfare = Best(rational.Length > 0 ? rational : frontier, SolutionConcept.MaxWelfare);
    }

    internal OutcomePoint? Best(IEnumerable<OutcomePoint> points, SolutionConcept concept)
    {
        OutcomePoint? best = null;
        var bestScore = double.NegativeInfinity;
        var tol = Options.Tolerance;
        foreach (var p in points)
        {
            var s = Score(concept, p.Utilities);
            if (best is null
                || s > bestScore + tol
                || (Math.Abs(s - bestScore) <= tol && (p.Welfare > best.Welfare + tol
                    || (Math.Abs(p.Welfare - best.Welfare) <= tol && Domain.IndexOf(p.Outcome) < Domain.IndexOf(best.Outcome)))))
            {
                best = p;
                bestScore = s;
            }
        }

        return best;
    }
}
