// The simulation engine (docs/simulation.md, "What the engine runs"): synthetic aggregated devices produce
// monitoring reports; a sampled share is signed with Ed25519 (RFC 8032, via DSSE envelopes) and verified; every
// report goes through the real ReportIngestRules and the real ComplianceLedger; inspections sample chips.
// This file is the driver; the engine's parts are in Engine/: one run (World), a party (PartySim) and its devices
// (DeviceSim), what a strategy changes (StrategyPlay), the agreement as commitments (AgreementCommitments), and the
// statistics over runs (SimulationStatistics).
using Accord.Simulation.Engine;

namespace Accord.Simulation;

/// <summary>Runs a scenario's Monte Carlo over seeds, in parallel and deterministically per seed.</summary>
public static class SimulationRunner
{
    /// <summary>The simulated clock's start.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The payload type of simulated signed reports.</summary>
    public const string ReportPayloadType = "application/vnd.accord.simulated-report+text";

    /// <summary>
    /// Runs <paramref name="runs"/> Monte Carlo runs of <paramref name="scenario"/> from <paramref name="seed"/>
    /// (run i uses a generator seeded from seed and i, so the result does not depend on scheduling).
    /// </summary>
    public static SimulationResult Run(Scenario scenario, int runs, int seed, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        scenario.Validate();
        var outcomes = new RunOutcome[runs];
        var trajectories = Array.Empty<Trajectory>();
        var done = 0;
        Parallel.For(0, runs, i =>
        {
            var world = new World(scenario, seed, i, record: i == 0);
            outcomes[i] = world.Play();
            if (i == 0)
            {
                trajectories = world.Trajectories();
            }

            progress?.Report((double)Interlocked.Increment(ref done) / runs);
        });

        return SimulationStatistics.Summarise(scenario, runs, seed, outcomes, trajectories);
    }

    /// <summary>
    /// Plays run <paramref name="run"/> of <paramref name="scenario"/> from <paramref name="seed"/> alone (the same
    /// run <see cref="Run"/> plays) and records its devices, accepted reports and findings.
    /// </summary>
    public static RunTrace Trace(Scenario scenario, int seed, int run = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario.Validate();
        var trace = new RunTrace();
        var world = new World(scenario, seed, run, record: false, trace);
        trace.Outcome = world.Play();
        return trace;
    }

    /// <summary>The seed of run <paramref name="run"/>: SplitMix64 of seed and run, folded to 31 bits.</summary>
    internal static int RunSeed(int seed, int run)
    {
        var z = ((ulong)(uint)seed << 32) + (uint)run + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
