using System.Security.Cryptography;
using System.Text;
using Accord.Core.Keys;
using Accord.Core.Monitoring;

namespace Accord.Simulation.Engine;

/// <summary>
/// One aggregated device: it stands for <see cref="Fleet.Count"/> / <paramref name="shards"/> chips of its fleet, reports
/// through the real ingest rules with its own reporting state, and names the other shards of its fleet as peers.
/// </summary>
internal sealed class DeviceSim(string id, Fleet fleet, int fleetIndex, int shards, PartyKeyPair? key)
{
    public string Id { get; } = id;
    public Fleet Fleet { get; } = fleet;
    public int FleetIndex { get; } = fleetIndex;
    public int Shards { get; } = shards;
    public PartyKeyPair? Key { get; } = key;
    public byte[] Hash { get; } = SHA256.HashData(Encoding.UTF8.GetBytes(id));
    public DeviceReportingState State { get; set; } = DeviceReportingState.ForEpoch(1, null);
    public IReadOnlyList<byte[]> Peers { get; set; } = [];
    public IReadOnlyList<string> PeerIds { get; set; } = [];
    public bool Silent { get; set; }
    public double TrueFlopPerChip { get; set; }
}
