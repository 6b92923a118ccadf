using Accord.Core.Compliance;
using Accord.Core.Monitoring;

namespace Accord.Simulation.Engine;

/// <summary>One Monte Carlo run: every party's devices, ledger and inspectors.</summary>
internal sealed class World(Scenario scenario, int seed, int run, bool record, RunTrace? trace = null)
{
    private readonly Random random = new(SimulationRunner.RunSeed(seed, run));
    private readonly List<PartySim> parties = [];
    private long reports;
    private long signed;

    public RunOutcome Play()
    {
        var interval = TimeSpan.FromMinutes(scenario.ReportIntervalMinutes);
        var steps = (int)Math.Ceiling(scenario.HorizonDays * 1440 / scenario.ReportIntervalMinutes);
        if (trace is not null)
        {
            trace.Steps = steps;
        }

        var policy = IngestPolicy.Default with { ReportInterval = interval, MaxClockSkew = TimeSpan.FromMinutes(5) };
        // Devices report every interval, so two intervals of silence stop the evidence (never less than the default).
        var options = new ComplianceOptions(TimeSpan.FromDays(30), interval, interval)
        {
            Silence = TimeSpan.FromTicks(Math.Max(ComplianceOptions.Default.Silence.Ticks, 2 * interval.Ticks)),
        };
        foreach (var p in scenario.Parties)
        {
            parties.Add(new PartySim(p, scenario, options, random, record, trace));
        }

        var lastEnds = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var evidenceIndex = 0L;
        var stepsPerDay = Math.Max(1, (int)Math.Round(1440 / scenario.ReportIntervalMinutes));
        for (var step = 0; step < steps; step++)
        {
            var t0 = SimulationRunner.Start + (interval * step);
            var t1 = t0 + interval;
            foreach (var party in parties)
            {
                party.Step(step, t0, t1, policy, lastEnds, ref evidenceIndex, ref reports, ref signed);
            }

            if ((step + 1) % stepsPerDay == 0 || step == steps - 1)
            {
                foreach (var party in parties)
                {
                    party.Verify(t1);
                }
            }
        }

        var result = parties.Select(p => p.Outcome()).ToList();
        foreach (var p in parties)
        {
            p.Dispose();
        }

        return new RunOutcome(run, result, reports, signed);
    }

    public Trajectory[] Trajectories() => [.. parties.Select(p => p.Trajectory())];
}
