using System.Text;
using Accord.Negotiation.Reporting;
using Accord.Negotiation.Tournaments;
using Accord.Tests.Shared;

namespace Accord.Negotiation.Tests;

public sealed class TournamentAndSvgTests
{
    [Fact]
    public void Run_ThreeAgentsOnPauseTreaty_PlaysEveryRoleAssignment()
    {
        var result = Tournament.Run([TestDomains.PauseTreaty], new TournamentOptions { Agents = ["boulware", "conceder", "micro"], Repetitions = 2 });

        Assert.Equal(18, result.Rows.Count);
        Assert.Contains(result.Rows, r => r.Agents.SequenceEqual(["boulware", "conceder"]));
        Assert.Contains(result.Rows, r => r.Agents.SequenceEqual(["conceder", "boulware"]));
        Assert.Equal([1, 2, 3], result.Leaderboard.Select(e => e.Rank));
        Assert.All(result.Leaderboard, e => Assert.Equal(12, e.Sessions));
        Assert.True(result.Leaderboard[0].MeanAdvantage >= result.Leaderboard[^1].MeanAdvantage);
    }

    [Fact]
    public void ToCsv_Sessions_HasHeaderAndOneLinePerSession()
    {
        var result = Tournament.Run([TestDomains.PauseTreaty], new TournamentOptions { Agents = ["linear", "tit-for-tat"], SelfPlay = false });

        var lines = result.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("domain,repetition,seed,agents,agreement,rounds,utilities,advantages,welfare,nash_product,pareto_distance,nash_distance,kalai_distance,end_reason", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("PauseTreaty,0,0,linear;tit-for-tat,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("rank,agent,sessions,", result.LeaderboardCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PauseTreatyWithTrace_TitleAxesAndLegendNameEverything()
    {
        var d = TestDomains.PauseTreaty;
        var a = NegotiationRunner.AnalysisOf(d);
        var session = NegotiationRunner.Run(d, ["boulware", "conceder"]);
        var (x, y) = (d.PartyIndex("FrontierLab"), d.PartyIndex("ConcernedState"));

        var plot = UtilitySpaceChart.Build(d, a, session, x, y);
        var svg = Encoding.UTF8.GetString(ChartFile.Bytes(plot, ChartFormat.Svg, UtilitySpaceChart.Size));
        using var png = new PngProbe(ChartFile.Bytes(plot, ChartFormat.Png, UtilitySpaceChart.Size));

        Assert.Equal($"PauseTreaty: utility space of FrontierLab and ConcernedState\nagreement in round {session.Rounds}", plot.Axes.Title.Label.Text);
        Assert.Equal("utility of FrontierLab", plot.Axes.Bottom.Label.Text);
        Assert.Equal("utility of ConcernedState", plot.Axes.Left.Label.Text);
        string[] legend = ["outcomes", "Pareto frontier", "Nash point", "Kalai point", "reservation of FrontierLab", "offers of ConcernedState (boulware)", "offers of FrontierLab (conceder)", "agreement ("];
        Assert.All(legend, item => Assert.Contains(item, svg, StringComparison.Ordinal));
        Assert.All(Enumerable.Range(png.Width - 4, 4), c => Assert.True(png.ColumnBlank(c), $"column {c} is not blank: the legend reaches the edge"));
        var nash = plot.GetPixel(new ScottPlot.Coordinates(a.Nash!.Utilities[x], a.Nash.Utilities[y]));
        Assert.True(png.ColumnHas((int)nash.X, UtilitySpaceChart.NashColour, (int)nash.Y - 4, (int)nash.Y + 4));
    }
}
