using Accord.Core.Common;

namespace Accord.Simulation.Tests;

/// <summary>Scenario files are read strictly: a member the format does not define is an error naming it, the file and its line.</summary>
public sealed class ScenarioFileTests
{
    [Theory]
    [InlineData("scenarios/cheater-splits-runs.json")]
    [InlineData("scenarios/compliant-fleet.json")]
    [InlineData("scenarios/negotiated-pause.json")]
    [InlineData("scenarios/pause-treaty.json")]
    public void Load_ShippedScenario_HasOnlyKnownFields(string path) =>
        Assert.NotNull(Scenario.Load(path));

    [Fact]
    public void Load_MisspelledAgreementField_RefusedWithFileLineAndTheFieldMeant()
    {
        var path = Path.Combine(Path.GetTempPath(), $"accord-scenario-{Guid.NewGuid():N}.json");
        var lines = File.ReadAllLines("scenarios/compliant-fleet.json");
        var at = Array.FindIndex(lines, l => l.Contains("\"runCapFlop\"", StringComparison.Ordinal));
        lines[at] = lines[at].Replace("\"runCapFlop\"", "\"runCap\"", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);
        try
        {
            var e = Assert.Throws<UnknownJsonFieldException>(() => Scenario.Load(path));

            Assert.Equal($"{path}:{at + 1}: unknown field 'runCap' in $.agreement (did you mean 'runCapFlop'?)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_UnknownPartyField_Refused()
    {
        var json = """{ "name": "x", "parties": [ { "id": "a", "fleet": [] } ], "agreement": {} }""";

        var e = Assert.Throws<UnknownJsonFieldException>(() => Scenario.Parse(json));

        Assert.Equal("fleet", e.Field);
        Assert.Equal("fleets", e.Suggestion);
    }
}
