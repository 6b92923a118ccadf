// RFC 9162 (Certificate Transparency Version 2.0) section 2.1.1: the Merkle Tree Hash with
// SHA-256. Leaf hash = SHA-256(0x00 || entry); interior node = SHA-256(0x01 || left || right);
// the hash of the empty tree is SHA-256 of the empty string. Same hashing as RFC 6962 section 2.1.
using System.Security.Cryptography;

namespace Accord.Core.Log;

/// <summary>The RFC 9162 section 2.1.1 hash functions of a Merkle tree (SHA-256, domain separated).</summary>
public static class MerkleHash
{
    /// <summary>The length in bytes of every hash in the tree.</summary>
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLeafLimit = 512;

    private static readonly byte[] EmptyTreeHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>SHA-256 of the empty string: the root of the tree of size 0. A fresh copy each call.</summary>
    public static byte[] EmptyRoot => (byte[])EmptyTreeHash.Clone();

    /// <summary>The leaf hash SHA-256(0x00 || entry).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        var hash = new byte[Size];
        Leaf(entry, hash);
        return hash;
    }

    /// <summary>Writes the leaf hash SHA-256(0x00 || entry) into the first 32 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Leaf(ReadOnlySpan<byte> entry, Span<byte> destination)
    {
        RequireDestination(destination);
        if (entry.Length <= StackLeafLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLeafLimit + 1];
            buffer[0] = LeafPrefix;
            entry.CopyTo(buffer[1..]);
            SHA256.HashData(buffer[..(entry.Length + 1)], destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(entry);
        hash.GetHashAndReset(destination);
    }

    /// <summary>The interior node hash SHA-256(0x01 || left || right) of two 32-byte child hashes.</summary>
    /// <exception cref="ArgumentException">A child hash is not 32 bytes.</exception>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>
    /// Writes SHA-256(0x01 || left || right) into the first 32 bytes of <paramref name="destination"/>,
    /// which may overlap either input.
    /// </summary>
    /// <exception cref="ArgumentException">A child hash is not 32 bytes, or the destination is too short.</exception>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Size)
        {
            throw new ArgumentException($"The left child hash is {left.Length} bytes; a Merkle hash is {Size}.", nameof(left));
        }

        if (right.Length != Size)
        {
            throw new ArgumentException($"The right child hash is {right.Length} bytes; a Merkle hash is {Size}.", nameof(right));
        }

        RequireDestination(destination);
        HashChildren(left, right, destination);
    }

    /// <summary>SHA-256(0x01 || left || right) without checks: both inputs are 32 bytes, destination at least 32.</summary>
    internal static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + Size + Size];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        SHA256.HashData(buffer, destination);
    }

    private static void RequireDestination(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination is {destination.Length} bytes; a Merkle hash needs {Size}.", nameof(destination));
        }
    }
}
