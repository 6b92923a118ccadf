using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Tests;

public sealed class GeniusImporterTests
{
    [Fact]
    public void LoadFolder_PauseTreaty_ReadsIssuesAndValuesExactly()
    {
        var d = TestDomains.PauseTreaty;

        Assert.Equal("PauseTreaty", d.Name);
        Assert.Equal(["Per-run compute cap (FLOP)", "Pause length (months)", "Monitoring coverage", "Inspection notice"], d.Issues.Select(i => i.Name));
        Assert.Equal(["1e25", "3e25", "1e26", "3e26", "no cap"], d.Issues[0].Labels);
        Assert.Equal(["0", "6", "12", "24"], d.Issues[1].Labels);
        Assert.Equal(["50%", "80%", "95%", "99%"], d.Issues[2].Labels);
        Assert.Equal(["30 days", "7 days", "24 hours"], d.Issues[3].Labels);
        Assert.Equal(240, d.OutcomeCount);
        Assert.Equal([0.5, 0.8, 0.95, 0.99], d.Issues[2].Numbers.Select(x => x!.Value));
        Assert.Equal([720.0, 168.0, 24.0], d.Issues[3].Numbers.Select(x => x!.Value));
        Assert.Null(d.Issues[0].Numbers[4]);
    }

    [Fact]
    public void LoadFolder_PauseTreaty_ReadsWeightsEvaluationsAndReservations()
    {
        var d = TestDomains.PauseTreaty;
        var lab = d.Parties[d.PartyIndex("FrontierLab")];
        var state = d.Parties[d.PartyIndex("ConcernedState")];

        Assert.Equal([0.45, 0.3, 0.15, 0.1], lab.Weights);
        Assert.Equal([0.35, 0.25, 0.25, 0.15], state.Weights);
        Assert.Equal(0.3, lab.Reservation);
        Assert.Equal(0.25, state.Reservation);
        Assert.Equal(1.0, lab.Discount);
        Assert.Equal(1.0, state.Discount);
        AssertTable(lab, 0, ("1e25", 5), ("3e25", 20), ("1e26", 60), ("3e26", 90), ("no cap", 100));
        AssertTable(lab, 1, ("0", 100), ("6", 70), ("12", 30), ("24", 5));
        AssertTable(lab, 2, ("50%", 100), ("80%", 90), ("95%", 60), ("99%", 30));
        AssertTable(lab, 3, ("30 days", 100), ("7 days", 60), ("24 hours", 20));
        AssertTable(state, 0, ("1e25", 100), ("3e25", 90), ("1e26", 60), ("3e26", 20), ("no cap", 0));
        AssertTable(state, 1, ("0", 10), ("6", 50), ("12", 90), ("24", 100));
        AssertTable(state, 2, ("50%", 5), ("80%", 40), ("95%", 80), ("99%", 100));
        AssertTable(state, 3, ("30 days", 10), ("7 days", 60), ("24 hours", 100));
    }

    [Fact]
    public void Utility_PauseTreatyNashOutcome_MatchesHandComputation()
    {
        var d = TestDomains.PauseTreaty;
        var o = d.OutcomeOf("3e26", "6", "99%", "24 hours");

        Assert.Equal((0.45 * 0.9) + (0.3 * 0.7) + (0.15 * 0.3) + (0.1 * 0.2), d.UtilityOf(d.PartyIndex("FrontierLab")).Utility(o), 12);
        Assert.Equal((0.35 * 0.2) + (0.25 * 0.5) + (0.25 * 1.0) + (0.15 * 1.0), d.UtilityOf(d.PartyIndex("ConcernedState")).Utility(o), 12);
    }

    [Fact]
    public void Parse_ProfileValueNotInDomain_Throws()
    {
        const string domain = """<negotiation_template><utility_space><objective index="0" name="d"><issue index="1" etype="discrete" name="a"><item index="1" value="x"/></issue></objective></utility_space></negotiation_template>""";
        const string profile = """<utility_space><objective index="0" name="d"><issue index="1" etype="discrete" name="a"><item index="1" value="y" evaluation="1"/></issue><weight index="1" value="1"/></objective></utility_space>""";

        Assert.Throws<FormatException>(() => GeniusImporter.Parse(domain, [("p", profile), ("q", profile)]));
    }

    [Fact]
    public void Parse_IntegerIssueWithLinearEvaluator_NormalizesByMax()
    {
        const string domain = """<negotiation_template><utility_space><objective index="0" name="d"><issue index="1" etype="integer" name="n" lowerbound="0" upperbound="4"/></objective></utility_space></negotiation_template>""";
        const string up = """<utility_space><objective index="0" name="d"><issue index="1" etype="integer" name="n" lowerbound="0" upperbound="4"><evaluator ftype="linear" slope="2" offset="0"/></issue><weight index="1" value="1"/></objective><reservation value="0.1"/></utility_space>""";
        const string down = """<utility_space><objective index="0" name="d"><issue index="1" etype="integer" name="n" lowerbound="0" upperbound="4"><evaluator ftype="linear" lowerbound="1" upperbound="0"/></issue><weight index="1" value="1"/></objective></utility_space>""";

        var d = GeniusImporter.Parse(domain, [("up", up), ("down", down)]);

        Assert.Equal(5, d.OutcomeCount);
        Assert.Equal(0.5, d.UtilityOf(0).Utility(d.OutcomeOf("2")), 12);
        Assert.Equal(0.75, d.UtilityOf(1).Utility(d.OutcomeOf("1")), 12);
        Assert.Equal(0.1, d.UtilityOf(0).Reservation);
    }

    private static void AssertTable(PartyPreferences p, int issue, params (string Label, double Evaluation)[] expected)
    {
        var table = Assert.IsType<TableValueFunction>(p.ValueFunctions[issue]);
        var max = expected.Max(e => e.Evaluation);
        Assert.Equal(expected.Length, table.Values.Count);
        foreach (var (label, evaluation) in expected)
        {
            Assert.Equal(evaluation / max, table.Values[label], 15);
        }
    }
}
