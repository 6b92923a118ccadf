using System.Text.Json;
using Accord.Negotiation;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;

namespace Accord.Simulation.Tests;

public sealed class NegotiatedTermsTests
{
    private const string ScenarioPath = "scenarios/negotiated-pause.json";
    private const string DomainPath = "scenarios/domains/pause-deal.json";

    [Fact]
    public void Load_NegotiatedPause_SettledTermsAreTheMediatorsDeal()
    {
        var domain = DomainJson.Load(DomainPath);
        var mediated = NegotiationRunner.Run(domain, ["mediator", "boulware", "boulware"]);

        var scenario = Scenario.Load(ScenarioPath);

        var settled = scenario.Settlement!;
        Assert.True(mediated.Agreement);
        Assert.Equal(mediated.DealLabels, settled.Terms.Select(t => t.Value));
        Assert.Equal(mediated.Rounds, settled.Rounds);
        Assert.Equal(Labels(domain, NegotiationRunner.AnalysisOf(domain).Nash!.Outcome), settled.Terms.Select(t => t.Value));
        Assert.Equal(SolutionConcept.Nash, settled.Concept);
        Assert.Equal(
            ["agreement.runCapFlop", "agreement.pause.months", "agreement.coverage.minShare", "agreement.inspections.chipsSampled", "agreement.inspections.perYear"],
            settled.Terms.Select(t => t.Term));
        var a = scenario.Agreement;
        Assert.Equal(NumericLabel.Parse(settled.Terms[0].Value), a.RunCapFlop);
        Assert.Equal(int.Parse(settled.Terms[1].Value, System.Globalization.CultureInfo.InvariantCulture), a.Pause?.Months ?? 0);
        Assert.Equal(60, a.Pause?.StartDay ?? 60);
        Assert.Equal(NumericLabel.Parse(settled.Terms[2].Value), a.Coverage!.MinShare);
        Assert.Equal(24, a.Coverage.WindowHours);
        Assert.Equal(NumericLabel.Parse(settled.Terms[3].Value), a.Inspections!.ChipsSampled);
        Assert.Equal(NumericLabel.Parse(settled.Terms[4].Value), a.Inspections.PerYear);
        Assert.Equal(3e25, a.AggregateCapFlop);
    }

    [Theory]
    [InlineData(SolutionConcept.Nash)]
    [InlineData(SolutionConcept.Kalai)]
    [InlineData(SolutionConcept.MaxWelfare)]
    public void Parse_EachConcept_SettlesTheMediatorsPointForIt(SolutionConcept concept)
    {
        var domain = DomainJson.Load(DomainPath);
        var json = File.ReadAllText(ScenarioPath).Replace("\"concept\": \"Nash\"", $"\"concept\": \"{concept}\"", StringComparison.Ordinal);

        var scenario = Scenario.Parse(json, "scenarios");

        var mediated = NegotiationRunner.Run(domain, ["mediator", "boulware", "boulware"], new Negotiation.Protocols.ProtocolOptions { MediatorConcept = concept });
        Assert.Equal(concept, scenario.Settlement!.Concept);
        Assert.Equal(mediated.DealLabels, scenario.Settlement.Terms.Select(t => t.Value));
        Assert.Equal(Labels(domain, NegotiationRunner.AnalysisOf(domain).Solution(concept)!.Outcome), scenario.Settlement.Terms.Select(t => t.Value));
    }

    [Fact]
    public void Run_NegotiatedScenario_SameSeedSameResultAndSettlementInResult()
    {
        var scenario = Scenario.Load(ScenarioPath) with { HorizonDays = 45 };

        var a = SimulationRunner.Run(scenario, runs: 3, seed: 9);
        var b = SimulationRunner.Run(Scenario.Load(ScenarioPath) with { HorizonDays = 45 }, runs: 3, seed: 9);

        Assert.Equal(JsonSerializer.Serialize(a, Scenario.Json), JsonSerializer.Serialize(b, Scenario.Json));
        Assert.Equal("PauseDeal", a.Negotiated!.Domain);
        Assert.Contains("## Negotiated terms", ResultWriter.Markdown(a), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(a with { Outcomes = [] }, Scenario.Json));
        Assert.Equal("Nash", json.RootElement.GetProperty("negotiated").GetProperty("concept").GetString());
    }

    [Fact]
    public void Parse_DomainWithUnmappableIssues_RefusedNamingThem()
    {
        var dir = Directory.CreateTempSubdirectory("accord-negotiated-").FullName;
        File.WriteAllText(Path.Combine(dir, "d.json"), """
            { "format": "accord-negotiation-domain/1", "name": "X",
              "issues": [ { "name": "Per-run compute cap (FLOP)", "type": "discrete", "values": [ "1e25", "1e26" ] },
                          { "name": "Inspection notice", "type": "discrete", "values": [ "24 hours", "7 days" ] },
                          { "name": "Budget", "type": "discrete", "values": [ "low", "high" ] } ],
              "parties": [
                { "name": "A", "weights": { "Per-run compute cap (FLOP)": 1, "Inspection notice": 0, "Budget": 0 },
                  "values": { "Per-run compute cap (FLOP)": { "type": "linear", "direction": "increasing" }, "Inspection notice": { "type": "table", "values": {} }, "Budget": { "type": "table", "values": {} } } },
                { "name": "B", "weights": { "Per-run compute cap (FLOP)": 1, "Inspection notice": 0, "Budget": 0 },
                  "values": { "Per-run compute cap (FLOP)": { "type": "linear", "direction": "decreasing" }, "Inspection notice": { "type": "table", "values": {} }, "Budget": { "type": "table", "values": {} } } } ] }
            """);
        var json = """{ "name": "x", "negotiation": { "domain": "d.json" }, "parties": [ { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] } ] }""";

        var e = Assert.Throws<FormatException>(() => Scenario.Parse(json, dir));

        Assert.Contains("issue 'Inspection notice', 'Budget' maps to no simulated agreement term", e.Message, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Parse_MissingDomainFile_RefusedWithItsPath()
    {
        var json = """{ "name": "x", "negotiation": { "domain": "nope.json" }, "parties": [ { "id": "a", "fleets": [ { "model": "H100Sxm", "count": 1 } ] } ] }""";

        var e = Assert.Throws<FormatException>(() => Scenario.Parse(json, Path.GetTempPath()));

        Assert.StartsWith("negotiation.domain: no domain file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SettledTerms_SetEachFieldAndKeepTheRest()
    {
        var given = new AgreementTerms(Pause: new PauseTerms(30, 1, 1e24), Coverage: new CoverageTerms(0.5, 12), Inspections: new InspectionTerms(1, 5, 0.02));

        var a = NegotiatedTerms.Apply(given, [
            new("cap", "no cap", "agreement.runCapFlop", null),
            new("agg", "1e26", "agreement.aggregateCapFlop", 1e26),
            new("pause", "6", "agreement.pause.months", 6),
            new("cov", "95%", "agreement.coverage.minShare", 0.95),
            new("chips", "22", "agreement.inspections.chipsSampled", 22),
            new("per year", "12", "agreement.inspections.perYear", 12),
            new("sanction", "3", "agreement.sanctions.sanction", 3),
        ]);

        Assert.Null(a.RunCapFlop);
        Assert.Equal(1e26, a.AggregateCapFlop);
        Assert.Equal(new PauseTerms(30, 6, 1e24), a.Pause);
        Assert.Equal(new CoverageTerms(0.95, 12), a.Coverage);
        Assert.Equal(new InspectionTerms(12, 22, 0.02), a.Inspections);
        Assert.Equal(new SanctionTerms(Sanction: 3), a.Sanctions);
    }

    [Theory]
    [InlineData("Per-run compute cap (FLOP)", "agreement.runCapFlop")]
    [InlineData("Aggregate compute cap per 30 days", "agreement.aggregateCapFlop")]
    [InlineData("Pause length (months)", "agreement.pause.months")]
    [InlineData("Monitoring coverage", "agreement.coverage.minShare")]
    [InlineData("Chips sampled per inspection", "agreement.inspections.chipsSampled")]
    [InlineData("Inspections per year", "agreement.inspections.perYear")]
    [InlineData("Sanction", "agreement.sanctions.sanction")]
    [InlineData("Inspection notice", null)]
    [InlineData("Budget", null)]
    public void TermOf_IssueName_MapsByTheDocumentedRules(string issue, string? term) =>
        Assert.Equal(term, NegotiatedTerms.TermOf(issue));

    private static List<string> Labels(NegotiationDomain domain, Outcome outcome) =>
        [.. domain.Issues.Select((issue, i) => issue.Labels[outcome[i]])];
}
