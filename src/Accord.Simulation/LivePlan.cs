using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Monitoring;

namespace Accord.Simulation;

/// <summary>The pause as a live server holds it: fixed start and end on the real clock.</summary>
/// <param name="StartsAt">Real time the pause starts.</param>
/// <param name="EndsAt">Real time it ends.</param>
/// <param name="ScopeMinFlop">The scope, scaled.</param>
public sealed record LivePause(DateTimeOffset StartsAt, DateTimeOffset EndsAt, double ScopeMinFlop);

/// <summary>The agreement terms a live server judges, scaled to the replay (null where the agreement has none).</summary>
/// <param name="RunCapFlop">The per-run cap.</param>
/// <param name="Band">The monitored band.</param>
/// <param name="Pause">The pause window.</param>
public sealed record LiveTerms(double? RunCapFlop, BandTerms? Band, LivePause? Pause);

/// <summary>
/// One run of a scenario, compressed and scaled so that a live server can judge it in a few minutes
/// (docs/simulation.md, "Against a live server"). The engine plays the scenario with one report per aggregated
/// device per simulated day at most (the interval is max(the scenario's, 1,440 minutes)); each aggregated device
/// becomes one enrolled H100; simulated interval i becomes the real interval [Start + i x PerInterval, Start +
/// (i + 1) x PerInterval], PerInterval = 200 s / intervals rounded down to the millisecond, at most 1 s (so the whole horizon fits in
/// the server's 5 minutes of clock skew); a report carries its simulated FLOP x <see cref="FlopScale"/>, and the
/// run cap, band and pause scope are scaled alike, so every FLOP comparison the server makes is the engine's.
/// </summary>
public sealed class LivePlan
{
    /// <summary>The rules a live server judges in the replay.</summary>
    public static IReadOnlyList<string> JudgedRules { get; } = [ComplianceRules.RunCap, ComplianceRules.MonitoredBand, ComplianceRules.Pause];

    /// <summary>What the live server does not judge in the replay, and why.</summary>
    public static IReadOnlyList<string> NotJudged { get; } =
    [
        "aggregate cap: its period is at least an hour of real time on the server",
        "coverage: windows close on the server's real clock",
        "inspections: they are the simulation's; the server has none",
        "hidden devices and under-reporting: only inspections find them",
    ];

    /// <summary>The device model every aggregated device enrols as.</summary>
    public const DeviceModel EnrolledModel = DeviceModel.H100Sxm;

    private LivePlan(Scenario scenario, RunTrace trace, DateTimeOffset start, TimeSpan perInterval, double flopScale, LiveTerms terms)
    {
        Scenario = scenario;
        Trace = trace;
        Start = start;
        PerInterval = perInterval;
        FlopScale = flopScale;
        Terms = terms;
    }

    /// <summary>The scenario the engine played (reports coarsened to a day at most).</summary>
    public Scenario Scenario { get; }

    /// <summary>The run: devices, accepted reports, findings.</summary>
    public RunTrace Trace { get; }

    /// <summary>The real time of the horizon's start.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Real time per simulated interval.</summary>
    public TimeSpan PerInterval { get; }

    /// <summary>Server FLOP = simulated FLOP x this.</summary>
    public double FlopScale { get; }

    /// <summary>The terms the server is given.</summary>
    public LiveTerms Terms { get; }

    /// <summary>Plays run 0 of <paramref name="scenario"/> from <paramref name="seed"/>, coarsened, and lays it on the real clock from <paramref name="start"/>.</summary>
    public static LivePlan Make(Scenario scenario, int seed, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var played = scenario with { ReportIntervalMinutes = Math.Max(scenario.ReportIntervalMinutes, 1440) };
        var trace = SimulationRunner.Trace(played, seed);
        var perInterval = TimeSpan.FromMilliseconds(Math.Floor(Math.Clamp(200_000.0 / trace.Steps, 10, 1000)));
        var intervalSeconds = played.ReportIntervalMinutes * 60;
        var peak = DeviceModels.PeakDenseFlopPerSecond(EnrolledModel, Precision.Bf16);
        var most = trace.Devices.Max(d => intervalSeconds * DeviceModels.PeakDenseFlopPerSecond(d.Model, Precision.Bf16) * d.MaxChips);
        var scale = 0.5 * perInterval.TotalSeconds * peak / most;
        return new LivePlan(played, trace, start, perInterval, scale, new LiveTerms(null, null, null)).At(start);
    }

    /// <summary>The same replay laid on the real clock from <paramref name="start"/> (the pause's real times move with it).</summary>
    public LivePlan At(DateTimeOffset start)
    {
        var a = Scenario.Agreement;
        var moved = new LivePlan(Scenario, Trace, start, PerInterval, FlopScale, Terms);
        LivePause? pause = null;
        if (a.Pause is { } p)
        {
            var from = SimulationRunner.Start.AddDays(p.StartDay);
            pause = new LivePause(moved.RealTime(from), moved.RealTime(from.AddMonths(p.Months)), p.ScopeMinFlop * FlopScale);
        }

        var terms = new LiveTerms(a.RunCapFlop * FlopScale, a.Band is { } b ? new BandTerms(b.MinFlop * FlopScale, b.MaxFlop * FlopScale) : null, pause);
        return new LivePlan(Scenario, Trace, start, PerInterval, FlopScale, terms);
    }

    /// <summary>The real start of simulated interval <paramref name="step"/> (its end is the start of the next).</summary>
    public DateTimeOffset RealTime(int step) => Start + (PerInterval * step);

    /// <summary>The real time of a simulated instant, linearly: an interval boundary maps to <see cref="RealTime(int)"/> exactly.</summary>
    public DateTimeOffset RealTime(DateTimeOffset simulated)
    {
        var interval = TimeSpan.FromMinutes(Scenario.ReportIntervalMinutes).Ticks;
        var ticks = (Int128)(simulated - SimulationRunner.Start).Ticks * PerInterval.Ticks / interval;
        return Start + TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Per party, the rules the engine's ledger found that the server judges too (distinct, in order found).</summary>
    public IReadOnlyList<string> SimulatedRules(string partyId) =>
        [.. Trace.Findings.Where(f => f.PartyId == partyId && JudgedRules.Contains(f.Rule)).Select(f => f.Rule).Distinct()];
}
