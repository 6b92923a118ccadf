namespace Accord.Agent.Chips;

/// <summary>What a chip did over an interval.</summary>
/// <param name="ActiveSeconds">Seconds the chip was active (running kernels) in the interval; at most its length.</param>
/// <param name="Utilization">Mean utilisation while active, in [0, 1]; 0 when never active.</param>
/// <param name="PowerWatts">Mean board power over the interval, in watts.</param>
/// <param name="WorkloadId">The workload (training run) the chip worked on; empty when idle.</param>
/// <param name="PeerDeviceIds">The ids of the other devices in the same workload (not hashed).</param>
public sealed record ChipSample(
    double ActiveSeconds,
    double Utilization,
    double PowerWatts,
    string WorkloadId,
    IReadOnlyList<string> PeerDeviceIds)
{
    /// <summary>Nothing observed: inactive, no power, no workload.</summary>
    public static ChipSample Empty { get; } = new(0, 0, 0, string.Empty, []);
}

/// <summary>Reads what one chip did over an interval.</summary>
public interface IChipReader
{
    /// <summary>
    /// What the chip did from <paramref name="from"/> to <paramref name="to"/> (<paramref name="to"/> after
    /// <paramref name="from"/>). Called once per report, with consecutive, non-overlapping intervals.
    /// </summary>
    ChipSample Read(DateTimeOffset from, DateTimeOffset to);
}
