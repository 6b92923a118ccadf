using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Tests;

public sealed class OutcomeSpaceAnalysisTests
{
    // The README's 29-outcome frontier, as (u(FrontierLab), u(ConcernedState)).
    private static readonly (double Lab, double State)[] ReadmeFrontier =
    [
        (1.0, 0.0525), (0.985, 0.14), (0.945, 0.215), (0.94, 0.24), (0.905, 0.275), (0.9, 0.315), (0.9, 0.285),
        (0.86, 0.375), (0.86, 0.345), (0.855, 0.385), (0.815, 0.445), (0.77, 0.495), (0.725, 0.545), (0.725, 0.525),
        (0.68, 0.595), (0.635, 0.635), (0.605, 0.645), (0.59, 0.685), (0.56, 0.695), (0.545, 0.735), (0.47, 0.785),
        (0.425, 0.835), (0.365, 0.84), (0.35, 0.86), (0.2975, 0.875), (0.29, 0.89), (0.245, 0.94), (0.1775, 0.975),
        (0.1025, 1.0),
    ];

    private static NegotiationDomain Domain => TestDomains.PauseTreaty;

    private static int Lab => Domain.PartyIndex("FrontierLab");

    private static int State => Domain.PartyIndex("ConcernedState");

    [Fact]
    public void Analyze_PauseTreaty_FindsReadmeNashPoint()
    {
        var a = OutcomeSpaceAnalysis.Analyze(Domain);

        Assert.Equal(Domain.OutcomeOf("3e26", "6", "99%", "24 hours"), a.Nash!.Outcome);
        Assert.Equal(0.68, a.Nash.Utilities[Lab], 9);
        Assert.Equal(0.595, a.Nash.Utilities[State], 9);
        Assert.Equal(0.1311, a.NashProduct(a.Nash.Utilities), 9);
    }

    [Fact]
    public void Analyze_PauseTreaty_FindsReadmeKalaiPoint()
    {
        var a = OutcomeSpaceAnalysis.Analyze(Domain);

        Assert.Equal(Domain.OutcomeOf("1e26", "0", "99%", "24 hours"), a.Kalai!.Outcome);
        Assert.Equal(0.635, a.Kalai.Utilities[Lab], 9);
        Assert.Equal(0.635, a.Kalai.Utilities[State], 9);
    }

    [Fact]
    public void Analyze_PauseTreaty_FindsReadmeMaxWelfarePoint()
    {
        var a = OutcomeSpaceAnalysis.Analyze(Domain);

        Assert.Equal(Domain.OutcomeOf("1e26", "6", "99%", "24 hours"), a.MaxWelfare!.Outcome);
        Assert.Equal(0.545, a.MaxWelfare.Utilities[Lab], 9);
        Assert.Equal(0.735, a.MaxWelfare.Utilities[State], 9);
        Assert.Equal(1.28, a.MaxWelfare.Welfare, 9);
    }

    [Fact]
    public void Analyze_PauseTreatyExactComparison_FindsReadme29OutcomeFrontier()
    {
        // Tolerance 0 compares the IEEE sums as they fall, as the README's exhaustive search did.
        var a = OutcomeSpaceAnalysis.Analyze(Domain, new AnalysisOptions { Tolerance = 0 });

        Assert.True(a.Exact);
        Assert.Equal(29, a.Frontier.Count);
        AssertFrontier(ReadmeFrontier, a.Frontier);
    }

    [Fact]
    public void Analyze_PauseTreatyDefaultTolerance_DropsThreeRoundingTies()
    {
        // In exact arithmetic (0.725, 0.525), (0.86, 0.345) and (0.9, 0.285) are dominated by the points
        // with the same u(FrontierLab) and a larger u(ConcernedState); only rounding in the sums keeps
        // them apart. With the default tolerance (1e-9) the frontier has the other 26.
        var a = OutcomeSpaceAnalysis.Analyze(Domain);

        var expected = ReadmeFrontier.Where(p => p is not (0.725, 0.525) and not (0.86, 0.345) and not (0.9, 0.285)).ToArray();
        Assert.Equal(26, a.Frontier.Count);
        AssertFrontier(expected, a.Frontier);
    }

    [Fact]
    public void DistanceToFrontier_FrontierPoint_IsZero()
    {
        var a = OutcomeSpaceAnalysis.Analyze(Domain);

        Assert.Equal(0, a.DistanceToFrontier(a.Nash!.Utilities), 12);
        Assert.True(a.DistanceToFrontier([0.3, 0.25]) > 0.3);
    }

    [Fact]
    public void Analyze_HeuristicForced_FindsSupportedPointsAndNash()
    {
        var a = OutcomeSpaceAnalysis.Analyze(Domain, new AnalysisOptions { MaxEnumerated = 10, HeuristicWeights = 200 });
        var exact = OutcomeSpaceAnalysis.Analyze(Domain);

        Assert.False(a.Exact);
        Assert.Equal(exact.Nash!.Outcome, a.Nash!.Outcome);
        Assert.All(a.Frontier, p => Assert.Equal(0, exact.DistanceToFrontier(p.Utilities), 9));
    }

    [Fact]
    public void Analyze_ConstraintExcludesValues_FrontierRespectsIt()
    {
        var d = TestDomains.PauseTreaty;
        var parties = d.Parties.ToArray();
        var s = d.PartyIndex("ConcernedState");
        parties[s] = parties[s] with { Constraints = [new IssueConstraint("Per-run compute cap (FLOP)", ["1e25", "3e25"])] };
        var constrained = new NegotiationDomain(d.Name, d.Issues, parties);

        var a = OutcomeSpaceAnalysis.Analyze(constrained);

        Assert.All(a.Frontier, p => Assert.True(p.Outcome[0] <= 1));
        Assert.True(constrained.UtilityOf(s).HasConstraints);
    }

    private static void AssertFrontier((double Lab, double State)[] expected, IReadOnlyList<OutcomePoint> frontier)
    {
        var actual = frontier.Select(p => (Math.Round(p.Utilities[Lab], 6), Math.Round(p.Utilities[State], 6))).OrderBy(x => x).ToArray();
        Assert.Equal(expected.Select(e => (Math.Round(e.Lab, 6), Math.Round(e.State, 6))).OrderBy(x => x), actual);
    }
}

public sealed class FrontierPruningTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    public void Analyze_RandomDomains_MatchesBruteForceDominance(int seed, int parties)
    {
        var d = RandomDomains.Make(seed, parties, issues: 4, values: 5);
        var points = d.AllOutcomes().Select(o => (o, u: d.Utilities(o))).ToArray();
        static bool Dominates(double[] a, double[] b) =>
            a.Zip(b).All(x => x.First >= x.Second - 1e-9) && a.Zip(b).Any(x => x.First > x.Second + 1e-9);
        var brute = points.Where(p => !points.Any(q => Dominates(q.u, p.u))).Select(p => p.o).ToHashSet();

        var a = OutcomeSpaceAnalysis.Analyze(d);

        Assert.Equal(brute.OrderBy(d.IndexOf), a.Frontier.Select(p => p.Outcome).OrderBy(d.IndexOf));
        Assert.True(a.Evaluated <= d.OutcomeCount);
    }

}
