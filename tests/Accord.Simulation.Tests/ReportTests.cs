using System.Text.RegularExpressions;
using Accord.Simulation.Reporting;

namespace Accord.Simulation.Tests;

public sealed class ReportTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(64.16, "64.16")]
    [InlineData(0.208333, "0.2083")]
    [InlineData(12345.0, "12,345")]
    [InlineData(64160.0, "64,160")]
    [InlineData(1e25, "1e25")]
    [InlineData(2.5e25, "2.5e25")]
    [InlineData(642_000.0, "6.42e5")]
    [InlineData(9.999e25, "1e26")]
    [InlineData(0.00025, "2.5e-4")]
    [InlineData(-3e30, "-3e30")]
    [InlineData(double.NaN, "-")]
    public void Quantity_Values_OneFormEverywhere(double value, string expected) =>
        Assert.Equal(expected, ReportNumbers.Quantity(value));

    [Theory]
    [InlineData(64.16, "64.2")]
    [InlineData(8760.0, "8,760")]
    public void Mean_MeansOfCounts_AtMostOneDecimal(double value, string expected) =>
        Assert.Equal(expected, ReportNumbers.Mean(value));

    [Fact]
    public void Markdown_PauseTreaty_ListsTheTermsSimulatedAndNoExponentNotation()
    {
        var result = SimulationRunner.Run(Scenario.Load("scenarios/pause-treaty.json") with { HorizonDays = 20 }, runs: 2, seed: 1);

        var report = ResultWriter.Markdown(result);

        Assert.Contains("## Terms simulated", report, StringComparison.Ordinal);
        Assert.Contains("| run cap | 1e25 FLOP per training run |", report, StringComparison.Ordinal);
        Assert.Contains("| aggregate cap | 3e25 FLOP per 30 days per party |", report, StringComparison.Ordinal);
        Assert.Contains("| pause | 6 months from day 90 (days 90 to 273), every run |", report, StringComparison.Ordinal);
        Assert.Contains("| monitored band | none |", report, StringComparison.Ordinal);
        Assert.Contains("| inspections | 6 a year per party, 22 chips sampled, tolerance 1.0% |", report, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\dE[+-]\d"), report);
        Assert.Contains($"a mean of {ReportNumbers.Mean(result.SignedPerRun)} of them signed", report, StringComparison.Ordinal);
    }
}
