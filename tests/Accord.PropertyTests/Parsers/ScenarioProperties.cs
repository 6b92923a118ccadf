using System.Text.Json;
using Accord.PropertyTests.Infrastructure;
using Accord.Simulation;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>Simulation scenario files (the repository's scenarios/*.json) with values and text mutated.</summary>
public sealed class ScenarioProperties(ITestOutputHelper output)
{
    private static readonly string[] Scenarios =
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot(), "scenarios"), "*.json").Select(File.ReadAllText)];

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

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Accord.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Accord.sln not found above the test binaries.");
    }
}
