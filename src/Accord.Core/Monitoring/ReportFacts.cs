using Accord.Core.Commitments;

namespace Accord.Core.Monitoring;

/// <summary>
/// The facts of one monitoring report (protos: <c>accord.v1.MonitoringReport</c>), read from signed bytes
/// whose signature was already verified.
/// </summary>
/// <param name="DeviceId">The device it claims to be from.</param>
/// <param name="BootEpoch">The boot epoch of the reporting key that signed it.</param>
/// <param name="Sequence">Strictly increasing within the epoch, from 1, without gaps.</param>
/// <param name="IntervalStart">Start of the interval reported.</param>
/// <param name="IntervalEnd">End of the interval reported (after the start).</param>
/// <param name="WorkloadId">The workload worked on; empty when idle; at most 128 characters.</param>
/// <param name="ActiveSeconds">Seconds active in the interval (0 to the interval's length).</param>
/// <param name="Utilization">Mean utilisation while active, in [0, 1].</param>
/// <param name="PowerWatts">Mean board power in watts (finite, &gt;= 0).</param>
/// <param name="EstimatedFlop">Active seconds x peak dense FLOP/s at the precision x utilisation.</param>
/// <param name="Precision">The precision the FLOP are counted in; null when the report left it unspecified.</param>
/// <param name="PeerDeviceHashes">SHA-256 of the ids of the peer devices in the same workload, 32 bytes each.</param>
/// <param name="LastChallengeNonce">The last challenge nonce the device received.</param>
public sealed record ReportFacts(
    string DeviceId,
    ulong BootEpoch,
    ulong Sequence,
    DateTimeOffset IntervalStart,
    DateTimeOffset IntervalEnd,
    string WorkloadId,
    double ActiveSeconds,
    double Utilization,
    double PowerWatts,
    double EstimatedFlop,
    Precision? Precision,
    IReadOnlyList<byte[]> PeerDeviceHashes,
    byte[] LastChallengeNonce);
