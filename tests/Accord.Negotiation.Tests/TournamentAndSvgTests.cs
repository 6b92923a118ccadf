using System.Xml.Linq;
using Accord.Negotiation.Reporting;
using Accord.Negotiation.Tournaments;

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
    public void Write_PauseTreatyWithTrace_DrawsOutcomesFrontierPointsAndTrace()
    {
        var d = TestDomains.PauseTreaty;
        var a = NegotiationRunner.AnalysisOf(d);
        var session = NegotiationRunner.Run(d, ["boulware", "conceder"]);

        var svg = UtilitySpaceSvg.Write(d, a, session, d.PartyIndex("FrontierLab"), d.PartyIndex("ConcernedState"));

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        Assert.Equal(240, doc.Descendants(ns + "circle").Count(c => (string?)c.Attribute("class") == "outcome"));
        Assert.Equal(a.Frontier.Count, doc.Descendants(ns + "circle").Count(c => (string?)c.Attribute("class") == "frontier"));
        Assert.Single(doc.Descendants(ns + "g"), g => (string?)g.Attribute("class") == "nash");
        Assert.Single(doc.Descendants(ns + "g"), g => (string?)g.Attribute("class") == "kalai");
        Assert.Equal(2, doc.Descendants(ns + "polyline").Count(p => (string?)p.Attribute("class") == "trace"));
        Assert.Single(doc.Descendants(ns + "circle"), c => (string?)c.Attribute("class") == "agreement");
    }
}
