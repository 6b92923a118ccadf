using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Tests;

public sealed class DomainJsonTests
{
    [Fact]
    public void Load_PauseTreatyJson_EqualsGeniusImportOnEveryOutcome()
    {
        var json = DomainJson.Load(TestDomains.DataPath("PauseTreaty.json"));
        var xml = TestDomains.PauseTreaty;

        Assert.Equal(xml.OutcomeCount, json.OutcomeCount);
        foreach (var o in xml.AllOutcomes())
        {
            Assert.Equal(xml.Utilities(o), json.Utilities(o));
        }

        Assert.Equal(xml.Parties.Select(p => p.Reservation), json.Parties.Select(p => p.Reservation));
    }

    [Theory]
    [InlineData("PauseTreaty.json")]
    [InlineData("PauseTreaty-enforced.json")]
    public void Write_CanonicalFile_ReproducesItsBytes(string file)
    {
        var bytes = File.ReadAllBytes(TestDomains.DataPath(file));

        Assert.Equal(bytes, DomainJson.Write(DomainJson.Parse(bytes)));
    }

    [Fact]
    public void Parse_NumericIssuesAndFunctions_EvaluatesOnTheGrid()
    {
        const string json = """
            {
              "format": "accord-negotiation-domain/1",
              "name": "ranges",
              "issues": [
                {"name": "cap", "type": "real", "min": 1e24, "max": 1e27, "steps": 4, "scale": "log"},
                {"name": "pause", "type": "integer", "min": 0, "max": 24, "steps": 5},
                {"name": "coverage", "type": "real", "min": 0.5, "max": 1}
              ],
              "parties": [
                {"name": "a", "reservation": 0.2, "weights": {"cap": 0.5, "pause": 0.25, "coverage": 0.25},
                 "values": {"cap": {"type": "linear", "direction": "increasing"}, "pause": {"type": "linear", "direction": "decreasing"}, "coverage": {"type": "peak", "at": 0.8}},
                 "constraints": [{"issue": "pause", "max": 12}]},
                {"name": "b", "weights": {"cap": 0.4, "pause": 0.4, "coverage": 0.2},
                 "values": {"cap": {"type": "linear", "direction": "decreasing"}, "pause": {"type": "table", "values": {"24": 1, "18": 0.5}}, "coverage": {"type": "linear", "direction": "increasing"}}}
              ]
            }
            """;

        var d = DomainJson.Parse(json);

        Assert.Equal(["1e24", "1e25", "1e26", "1e27"], d.Issues[0].Labels);
        Assert.Equal(["0", "6", "12", "18", "24"], d.Issues[1].Labels);
        Assert.Equal(11, d.Issues[2].Count);
        var o = d.OutcomeOf("1e26", "6", "0.8");
        Assert.Equal((0.5 * 2 / 3.0) + (0.25 * 0.75) + 0.25, d.UtilityOf(0).Utility(o), 12);
        Assert.Equal((0.4 / 3.0) + 0 + (0.2 * 0.6), d.UtilityOf(1).Utility(o), 12);
        Assert.False(d.UtilityOf(0).IsFeasible(d.OutcomeOf("1e26", "18", "0.8")));
        Assert.Equal(1, d.Issues[0].Resolve("1.2e25"));
    }

    [Fact]
    public void Parse_InvalidUtf8InsideAString_ThrowsFormatException()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("""{"format": "accord-negotiation-domain/1", "name": "x?", "issues": [], "parties": []}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0x86;

        var ex = Assert.Throws<FormatException>(() => DomainJson.Parse(bytes));

        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"format": "accord-negotiation-domain/2", "name": "x", "issues": [], "parties": []}""", "$.format")]
    [InlineData("""{"format": "accord-negotiation-domain/1", "name": "x", "issues": [], "parties": [], "extra": 1}""", "unknown field 'extra'")]
    [InlineData("""{"format": "accord-negotiation-domain/1", "name": "x", "issues": [{"name": "a", "type": "set"}], "parties": []}""", "$.issues[0].type")]
    [InlineData("""{"format": "accord-negotiation-domain/1", "name": "x", "issues": [{"name": "a", "type": "discrete", "values": ["u", "v"]}], "parties": [{"name": "p", "weights": {}, "values": {}}]}""", "lacks the member \"a\"")]
    [InlineData("""{"format": "accord-negotiation-domain/1", "name": "x", "issues": [{"name": "a", "type": "discrete", "values": ["u", "v"]}], "parties": [{"name": "p", "weights": {"a": 1}, "values": {"a": {"type": "table", "values": {"u": 1, "u": 0.5}}}}]}""", "names \"u\" more than once")]
    [InlineData("""{"format": "accord-negotiation-domain/1", "name": "x", "issues": [{"name": "a", "type": "discrete", "values": ["u", "v"]}], "parties": [{"name": "p", "weights": {"a": 1}, "values": {"a": []}}]}""", "$.parties[0].values[\"a\"] must be an object")]
    [InlineData("""{"format": "accord-negotiation-domain/1", "name": "x", "issues": [null], "parties": []}""", "$.issues[0]")]
    public void Parse_InvalidDocument_ThrowsWithPath(string json, string expected)
    {
        var ex = Assert.ThrowsAny<FormatException>(() => DomainJson.Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
