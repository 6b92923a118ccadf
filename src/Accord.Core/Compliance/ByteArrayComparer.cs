using System.Buffers.Binary;

namespace Accord.Core.Compliance;

/// <summary>Orders and compares byte arrays by content.</summary>
internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IComparer<byte[]>
{
    public static ByteArrayComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    // Device hashes are SHA-256 outputs; a party crafting colliding prefixes only slows its own ledger.
    public int GetHashCode(byte[] obj) =>
        obj.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(obj).GetHashCode() : HashCode.Combine(obj.Length, obj.Length > 0 ? obj[0] : 0);

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
