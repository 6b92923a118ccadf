using Accord.Core.Monitoring;

namespace Accord.Simulation;

/// <summary>An aggregated device of one run, as the engine declared it.</summary>
/// <param name="PartyId">Its party.</param>
/// <param name="DeviceId">Its id in the run.</param>
/// <param name="Model">Its device model.</param>
/// <param name="MaxChips">The most chips it stands for over the horizon (the fleet with its growth, over its shards).</param>
public sealed record TracedDevice(string PartyId, string DeviceId, DeviceModel Model, double MaxChips);

/// <summary>A report the real ingest rules accepted, with the aggregate FLOP the ledger was given.</summary>
/// <param name="PartyId">Its party.</param>
/// <param name="DeviceId">Its device.</param>
/// <param name="Step">The interval's index from the horizon's start.</param>
/// <param name="WorkloadId">The workload id (empty when idle).</param>
/// <param name="ActiveShare">Active seconds over the interval's length.</param>
/// <param name="Utilization">Utilisation.</param>
/// <param name="Flop">The FLOP of every chip the device stands for.</param>
/// <param name="PeerIds">The device ids its peer list names (its group, and unregistered chips by their names).</param>
public sealed record TracedReport(string PartyId, string DeviceId, int Step, string WorkloadId, double ActiveShare, double Utilization, double Flop, IReadOnlyList<string> PeerIds);

/// <summary>A finding of the ledger or an inspection.</summary>
/// <param name="PartyId">Against whom.</param>
/// <param name="Rule">The ledger rule, or "inspection".</param>
/// <param name="Hours">Hours from the horizon's start.</param>
public sealed record TracedFinding(string PartyId, string Rule, double Hours);

/// <summary>Everything one run did, for replaying it elsewhere (<see cref="SimulationRunner.Trace"/>).</summary>
public sealed class RunTrace
{
    /// <summary>The devices, in party order.</summary>
    public List<TracedDevice> Devices { get; } = [];

    /// <summary>The accepted reports, in the order the engine ingested them.</summary>
    public List<TracedReport> Reports { get; } = [];

    /// <summary>Every finding, in order.</summary>
    public List<TracedFinding> Findings { get; } = [];

    /// <summary>The run's outcome.</summary>
    public RunOutcome Outcome { get; internal set; } = null!;

    /// <summary>Intervals in the horizon.</summary>
    public int Steps { get; internal set; }
}
