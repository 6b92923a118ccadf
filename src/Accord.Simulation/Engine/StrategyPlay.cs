namespace Accord.Simulation.Engine;

/// <summary>
/// What a party's <see cref="Strategy"/> changes in the simulated world once it cheats (docs/simulation.md,
/// "Scenario format", the strategies): how its fleets are sharded, which devices go silent, the unregistered
/// chips its reports name, what each device reports and truly computes, the chips it hides, and what an
/// inspection can find. A compliant party never cheats.
/// </summary>
internal sealed class StrategyPlay
{
    private readonly string partyId;

    public StrategyPlay(Party party)
    {
        partyId = party.Id;
        var acts = party.Acts;
        Strategy = acts.Strategy;
        Share = acts.Share;
        CheatFromHours = Strategy == Strategy.Compliant ? double.PositiveInfinity : acts.FromDay * 24;
        var unregistered = Strategy == Strategy.UnregisteredChips ? Math.Max(1, (int)Math.Ceiling(Share * 8)) : 0;
        UnregisteredIds = [.. Enumerable.Range(0, unregistered).Select(i => $"{party.Id}-unregistered-{i}")];
    }

    /// <summary>The strategy.</summary>
    public Strategy Strategy { get; }

    /// <summary>The share of its chips or devices the strategy involves.</summary>
    public double Share { get; }

    /// <summary>Hours from the start after which it cheats; infinity when compliant.</summary>
    public double CheatFromHours { get; }

    /// <summary>The chips that train off the books and that its reports name as peers (unregistered chips).</summary>
    public string[] UnregisteredIds { get; }

    /// <summary>Whether it cheats <paramref name="hours"/> after the start.</summary>
    public bool CheatsAt(double hours) => hours >= CheatFromHours;

    /// <summary>Shards of <paramref name="fleet"/>: a run split over workload ids needs at least two.</summary>
    public int Shards(Fleet fleet) => Strategy == Strategy.SplitRun ? Math.Max(2, fleet.Shards) : fleet.Shards;

    /// <summary>How many of <paramref name="devices"/> devices stop reporting once it cheats.</summary>
    public int SilentDevices(int devices) => Strategy == Strategy.GoSilent ? Math.Max(1, (int)Math.Ceiling(Share * devices)) : 0;

    /// <summary>
    /// One device's step: the share of its unconstrained compute it truly uses and the share it reports (negative:
    /// it sends no report), and the workload id it reports under. A compliant device uses and reports
    /// <paramref name="scale"/> under <paramref name="workload"/>; a split run reports everything under an id per
    /// device; an under-reporting device uses everything and reports the compliant share; a silent one uses
    /// everything and reports nothing.
    /// </summary>
    public (double TrueScale, double ReportScale, string WorkloadId) Play(DeviceSim device, bool cheating, double scale, string workload)
    {
        var split = cheating && Strategy == Strategy.SplitRun;
        var full = cheating && Strategy is Strategy.SplitRun or Strategy.UnderReport;
        var silent = device.Silent && cheating;
        var trueScale = full || silent ? 1.0 : scale;
        var reportScale = split ? 1.0 : silent ? -1 : scale;
        return (trueScale, reportScale, split ? $"{partyId}-big-{device.Id}" : workload);
    }

    /// <summary>Whether a report under <paramref name="workloadId"/> names the unregistered chips as peers.</summary>
    public bool NamesUnregistered(bool cheating, string workloadId) =>
        cheating && Strategy == Strategy.UnregisteredChips && workloadId.Length > 0;

    /// <summary>Chips training off the books, out of <paramref name="declaredChips"/> declared.</summary>
    public double ExtraChips(bool cheating, double declaredChips) =>
        cheating && Strategy is Strategy.HideDevices or Strategy.UnregisteredChips ? Share * declaredChips : 0;

    /// <summary>Whether its declared chips' counters disagree with what they reported (an inspection compares them).</summary>
    public bool TampersWithCounters(bool cheating) => cheating && Strategy == Strategy.UnderReport;
}
