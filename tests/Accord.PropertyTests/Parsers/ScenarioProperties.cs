using System.Text.Json;
using Accord.PropertyTests.Infrastructure;
using Accord.Simulation;
using Accord.Testing;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>Simulation scenario files (the repository's scenarios/*.json) with values and text mutated.</summary>
public sealed class ScenarioProperties(ITestOutputHelper output)
{
    private static readonly string[] Scenarios =
        [.. Directory.GetFiles(Repository.PathOf("scenarios"), "*.json").Select(File.ReadAllText)];

    [Fact]
    public void Parse_MutatedScenario_ScenarioOrFormatOrJsonException()
    {
        Assert.NotEmpty(Scenarios);
        var texts = Gen.Int[0, Scenarios.Length - 1].SelectMany(i => Gen.Frequency((3, Mutate.Json(Scenarios[i])), (1, Mutate.Text(Scenarios[i]))));
        Property.Run(output, "simulation scenarios, mutated", texts, text =>
        {
            Expect.Accepts<FormatException, JsonException>(() => Scenario.Parse(text));
        }, CaseBudget.Scenarios);
    }
}
