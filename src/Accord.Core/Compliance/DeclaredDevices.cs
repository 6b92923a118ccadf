namespace Accord.Core.Compliance;

/// <summary>
/// The devices the party declared (enrolled), by id and by SHA-256 of the id: coverage counts these, and a
/// peer named by a report that is not among them is undeclared (an unmonitored device).
/// </summary>
internal sealed class DeclaredDevices(PeerFingerprints hashes)
{
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly HashSet<byte[]> idHashes = new(ByteArrayComparer.Instance);

    /// <summary>How many devices are declared.</summary>
    public int Count => ids.Count;

    /// <summary>The declared ids in ordinal order.</summary>
    public List<string> Ordered() => [.. ids.Order(StringComparer.Ordinal)];

    /// <summary>Forgets every device.</summary>
    public void Clear()
    {
        ids.Clear();
        idHashes.Clear();
    }

    /// <summary>Declares <paramref name="deviceId"/> (again).</summary>
    public void Add(string deviceId)
    {
        if (ids.Add(deviceId))
        {
            idHashes.Add(hashes.DeviceHash(deviceId));
        }
    }

    /// <summary>Whether <paramref name="deviceId"/> is declared.</summary>
    public bool Contains(string deviceId) => ids.Contains(deviceId);

    /// <summary>The peers of <paramref name="report"/> that are not declared devices (hex of their hashes), in order; null when none.</summary>
    public List<string>? UndeclaredPeers(VerifiedReport report)
    {
        List<string>? undeclared = null;
        foreach (var peer in report.PeerDeviceHashes)
        {
            if (!idHashes.Contains(peer))
            {
                (undeclared ??= []).Add(Convert.ToHexStringLower(peer));
            }
        }

        return undeclared;
    }
}
