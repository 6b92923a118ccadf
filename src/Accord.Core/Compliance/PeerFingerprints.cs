using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Accord.Core.Compliance;

/// <summary>
/// Device hashes (SHA-256 of the UTF-8 device id, as reports name their peers) and peer-device fingerprints:
/// SHA-256 over the sorted, distinct hashes of a device and its peers, so every device of one collective group
/// names the same set and so the same fingerprint. Both are cached: a device names the same peers report after
/// report (not persisted; recomputed after a restore).
/// </summary>
internal sealed class PeerFingerprints
{
    private readonly Dictionary<string, byte[]> deviceHashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IReadOnlyList<byte[]> Peers, string Fingerprint)> lastFingerprint = new(StringComparer.Ordinal);

    /// <summary>SHA-256 of the UTF-8 device id.</summary>
    public byte[] DeviceHash(string deviceId)
    {
        if (!deviceHashes.TryGetValue(deviceId, out var hash))
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(deviceId));
            deviceHashes[deviceId] = hash;
        }

        return hash;
    }

    /// <summary>The fingerprint of <paramref name="deviceId"/> with <paramref name="peers"/>, as lowercase hex.</summary>
    public string Of(string deviceId, IReadOnlyList<byte[]> peers)
    {
        if (lastFingerprint.TryGetValue(deviceId, out var last) && last.Peers.Count == peers.Count)
        {
            var same = true;
            for (var i = 0; i < peers.Count && same; i++)
            {
                same = last.Peers[i].AsSpan().SequenceEqual(peers[i]);
            }

            if (same)
            {
                return last.Fingerprint;
            }
        }

        var fingerprint = Compute(DeviceHash(deviceId), peers);
        lastFingerprint[deviceId] = ([.. peers.Select(p => (byte[])p.Clone())], fingerprint);
        return fingerprint;
    }

    /// <summary>SHA-256 over the sorted, distinct 32-byte hashes of a device and its peers, as lowercase hex.</summary>
    internal static string Compute(byte[] own, IReadOnlyList<byte[]> peers)
    {
        var all = new byte[peers.Count + 1][];
        var keys = new ulong[all.Length];
        all[0] = own;
        keys[0] = BinaryPrimitives.ReadUInt64BigEndian(own);
        for (var i = 0; i < peers.Count; i++)
        {
            all[i + 1] = peers[i];
            keys[i + 1] = BinaryPrimitives.ReadUInt64BigEndian(peers[i]);
        }

        // Sorting by the first 8 bytes (big-endian) is sorting by content unless two prefixes tie; then a
        // stable pass by full content settles the order.
        Array.Sort(keys, all);
        for (var i = 1; i < all.Length; i++)
        {
            for (var j = i; j > 0 && keys[j] == keys[j - 1] && ByteArrayComparer.Instance.Compare(all[j - 1], all[j]) > 0; j--)
            {
                (all[j - 1], all[j]) = (all[j], all[j - 1]);
            }
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[]? previous = null;
        foreach (var h in all)
        {
            if (previous is null || !h.AsSpan().SequenceEqual(previous))
            {
                sha.AppendData(h);
            }

            previous = h;
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
