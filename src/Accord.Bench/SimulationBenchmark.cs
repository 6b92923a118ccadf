using System.Diagnostics;
using Accord.Core.Monitoring;
using Accord.Simulation;

namespace Accord.Bench;

/// <summary>
/// The benchmark: Monte Carlo runs of a one-year scenario with five labs, each an aggregated fleet
/// reporting hourly (8,760 reports per lab per run), under caps, coverage, a band and inspections, two of
/// them cheating (docs/simulation.md, "Benchmark").
/// </summary>
public static class SimulationBenchmark
{
    /// <summary>The benchmark scenario.</summary>
    public static Scenario Scenario { get; } = new(
        "benchmark-5-labs-1-year",
        [
            new Party("lab-a", [new Fleet(DeviceModel.H100Sxm, 20_000, 2.0)]),
            new Party("lab-b", [new Fleet(DeviceModel.H200Sxm, 15_000, 1.5)]),
            new Party("lab-c", [new Fleet(DeviceModel.B200, 8_000, 2.5)]),
            new Party("lab-d", [new Fleet(DeviceModel.H100Sxm, 10_000, 1.5)], new Behaviour(Strategy.HideDevices, 100, 0.1)),
            new Party("lab-e", [new Fleet(DeviceModel.GB200, 5_000, 3.0)], new Behaviour(Strategy.SplitRun, 60, 0.1)),
        ],
        new AgreementTerms(
            RunCapFlop: 1e25,
            AggregateCapFlop: 3e25,
            AggregatePeriodDays: 30,
            Coverage: new CoverageTerms(0.9, 24),
            Band: new BandTerms(1e23, 1e25),
            Inspections: new InspectionTerms(6, 22, 0.01)),
        HorizonDays: 365,
        ReportIntervalMinutes: 60,
        SignedShare: 0.001);

    /// <summary>Runs <paramref name="runs"/> runs (after one untimed warm-up run) and returns the seconds taken and the result.</summary>
    public static (double Seconds, SimulationResult Result) Run(int runs = 1000, int seed = 1, IProgress<double>? progress = null)
    {
        SimulationRunner.Run(Scenario, 1, seed + 1);
        var sw = Stopwatch.StartNew();
        var result = SimulationRunner.Run(Scenario, runs, seed, progress);
        return (sw.Elapsed.TotalSeconds, result);
    }
}
