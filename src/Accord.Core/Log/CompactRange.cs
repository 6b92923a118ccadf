// RFC 9162 section 2.1.1: the tree of n leaves is the fold, right to left, of the complete
// subtrees given by the binary digits of n (largest first). Keeping just their roots is the
// "compact range" [0, n) of transparency-dev/merkle (compact/range.go): O(log n) state that can
// append leaves and give the root.
using System.Numerics;

namespace Accord.Core.Log;

/// <summary>
/// Immutable O(log n) append state of a Merkle tree: the roots of the complete subtrees on its
/// right edge, one per set bit of <see cref="Size"/>, largest (leftmost) first.
/// </summary>
public sealed class CompactRange
{
    private readonly byte[] hashes;

    private CompactRange(long size, byte[] hashes)
    {
        Size = size;
        this.hashes = hashes;
    }

    /// <summary>The range of the empty tree.</summary>
    public static CompactRange Empty { get; } = new(0, []);

    /// <summary>The number of leaves covered.</summary>
    public long Size { get; }

    /// <summary>
    /// The complete-subtree roots, left to right, largest subtree first; as many as set bits in
    /// <see cref="Size"/>. Fresh copies each call.
    /// </summary>
    public IReadOnlyList<byte[]> Hashes
    {
        get
        {
            var list = new byte[hashes.Length / MerkleHash.Size][];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size).ToArray();
            }

            return list;
        }
    }

    /// <summary>Builds a range from its size and its complete-subtree roots (as <see cref="Hashes"/> gives them).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    /// <exception cref="ArgumentException">Not one hash per set bit of <paramref name="size"/>, or a hash is not 32 bytes.</exception>
    public static CompactRange FromHashes(long size, IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A tree size is not negative.");
        }

        var count = BitOperations.PopCount((ulong)size);
        if (hashes.Count != count)
        {
            throw new ArgumentException($"A compact range of size {size} has {count} hashes, not {hashes.Count}.", nameof(hashes));
        }

        var flat = new byte[count * MerkleHash.Size];
        for (var i = 0; i < count; i++)
        {
            var hash = hashes[i];
            if (hash is not { Length: MerkleHash.Size })
            {
                throw new ArgumentException(
                    hash is null ? $"Hash {i} is null." : $"Hash {i} is {hash.Length} bytes, not {MerkleHash.Size}.",
                    nameof(hashes));
            }

            hash.CopyTo(flat, i * MerkleHash.Size);
        }

        return new CompactRange(size, flat);
    }

    /// <summary>The range with one more leaf; this one is unchanged.</summary>
    /// <exception cref="ArgumentException">The leaf hash is not 32 bytes.</exception>
    public CompactRange Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes, not {leafHash.Length}.", nameof(leafHash));
        }

        // The new leaf merges with the subtrees of the trailing one bits of Size.
        var merges = BitOperations.TrailingZeroCount(~Size);
        var kept = (hashes.Length / MerkleHash.Size) - merges;
        var next = new byte[(kept + 1) * MerkleHash.Size];
        hashes.AsSpan(0, kept * MerkleHash.Size).CopyTo(next);
        var accumulator = next.AsSpan(kept * MerkleHash.Size, MerkleHash.Size);
        leafHash.CopyTo(accumulator);
        for (var i = kept + merges - 1; i >= kept; i--)
        {
            MerkleHash.HashChildren(hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size), accumulator, accumulator);
        }

        return new CompactRange(Size + 1, next);
    }

    /// <summary>The root of the tree of <see cref="Size"/> leaves; the empty-tree hash for size 0.</summary>
    public byte[] Root()
    {
        if (Size == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        var root = new byte[MerkleHash.Size];
        var count = hashes.Length / MerkleHash.Size;
        hashes.AsSpan((count - 1) * MerkleHash.Size, MerkleHash.Size).CopyTo(root);
        for (var i = count - 2; i >= 0; i--)
        {
            MerkleHash.HashChildren(hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size), root, root);
        }

        return root;
    }
}
