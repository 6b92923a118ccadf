// RFC 9162 section 2.1: Merkle Tree Hash (2.1.1), inclusion proofs PATH (2.1.3.1) and
// consistency proofs PROOF/SUBPROOF (2.1.4.1), computed from the hashes of complete subtrees
// instead of the RFC's recursion over the leaves.
using System.Numerics;

namespace Accord.Core.Log;

/// <summary>
/// Roots and proofs over any <see cref="IMerkleNodeSource"/>, in O(log n) node reads and at most
/// O(log n) hashes. <see cref="MerkleTree"/> uses these; a source backed by storage can too.
/// </summary>
/// <remarks>
/// Every node of the RFC 9162 tree of size n is the MTH of a range [k·2^l, min((k+1)·2^l, n)):
/// a stored complete subtree when the range is whole, else (on the right edge) the fold of the
/// complete subtrees that make up the partial range. A proof lists, from the bottom up, the
/// siblings of the path from the proven node to the root; a node whose sibling lies wholly
/// beyond n is its own parent in the RFC tree and contributes nothing.
/// </remarks>
public static class MerkleProofs
{
    /// <summary>The RFC 9162 section 2.1.1 root of the first <paramref name="size"/> leaves of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or above the source's size.</exception>
    public static byte[] RootAt(IMerkleNodeSource source, long size)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size < 0 || size > source.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A root exists for sizes 0 to {source.Size}.");
        }

        if (size == 0)
        {
            return MerkleHash.EmptyRoot;
        }

        var root = new byte[MerkleHash.Size];
        RangeRoot(source, 0, size, root);
        return root;
    }

    /// <summary>The RFC 9162 section 2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/>, bottom up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless 0 &lt;= index &lt; size &lt;= the source's size.</exception>
    public static IReadOnlyList<byte[]> Inclusion(IMerkleNodeSource source, long index, long size)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size < 1 || size > source.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"An inclusion proof exists for tree sizes 1 to {source.Size}.");
        }

        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A tree of size {size} has leaves 0 to {size - 1}.");
        }

        var proof = new byte[ProofShape.InclusionLength(index, size)][];
        var written = AppendPath(source, 0, index, size, proof, 0);
        return Finish(proof, written);
    }

    /// <summary>
    /// The RFC 9162 section 2.1.4.1 consistency proof from the tree of <paramref name="size1"/> to
    /// the tree of <paramref name="size2"/>; empty when the sizes are equal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless 0 &lt; size1 &lt;= size2 &lt;= the source's size.</exception>
    public static IReadOnlyList<byte[]> Consistency(IMerkleNodeSource source, long size1, long size2)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size2 < 1 || size2 > source.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size2), size2, $"A consistency proof exists to tree sizes 1 to {source.Size}.");
        }

        if (size1 < 1 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size1), size1, $"A consistency proof to size {size2} exists from sizes 1 to {size2}; none from the empty tree.");
        }

        if (size1 == size2)
        {
            return [];
        }

        // The last complete subtree of the old tree, [size1 - 2^level, size1): the old tree is
        // this node plus the nodes to its left, so proving this node into the new tree proves both.
        var level = BitOperations.TrailingZeroCount(size1);
        var index = (size1 - 1) >> level;
        var proof = new byte[ProofShape.ConsistencyLength(size1, size2)][];
        var written = 0;
        if (index != 0)
        {
            // SUBPROOF's b = false: the verifier does not know this node, so send it; when size1
            // is a power of two the node is the old root, which the verifier has.
            proof[written++] = Read(source, level, index).ToArray();
        }

        written = AppendPath(source, level, index, size2, proof, written);
        return Finish(proof, written);
    }

    /// <summary>
    /// Writes MTH(D[start:end]) for a range that starts on a multiple of the largest power of two
    /// in its length or more (true of the whole tree and of every RFC 9162 node): the fold, right
    /// to left, of the complete subtrees that make it up, largest first.
    /// </summary>
    internal static void RangeRoot(IMerkleNodeSource source, long start, long end, Span<byte> destination)
    {
        var length = end - start;
        var remaining = length;
        var first = true;
        Span<byte> accumulator = stackalloc byte[MerkleHash.Size];
        while (remaining != 0)
        {
            // Smallest piece first: it sits at the right end of the range.
            var level = BitOperations.TrailingZeroCount(remaining);
            remaining &= remaining - 1;
            var pieceStart = start + remaining;
            var node = Read(source, level, pieceStart >> level);
            if (first)
            {
                node.CopyTo(accumulator);
                first = false;
            }
            else
            {
                MerkleHash.HashChildren(node, accumulator, accumulator);
            }
        }

        accumulator.CopyTo(destination);
    }

    /// <summary>
    /// Writes, from <paramref name="position"/> on, the siblings of the path from the complete node
    /// (level, index) up to the root of the tree of <paramref name="size"/>. Returns the new position.
    /// </summary>
    private static int AppendPath(IMerkleNodeSource source, int level, long index, long size, byte[][] proof, int position)
    {
        // Stop at the node that covers the whole tree: index 0 with 2^level >= size.
        while (index != 0 || (size - 1) >> level != 0)
        {
            var sibling = index ^ 1;
            var begin = sibling << level;
            if (begin < size)
            {
                var width = 1L << level;
                if (size - begin >= width)
                {
                    proof[position++] = Read(source, level, sibling).ToArray();
                }
                else
                {
                    // The right-edge node of a tree whose size is not a multiple of 2^level.
                    var hash = new byte[MerkleHash.Size];
                    RangeRoot(source, begin, size, hash);
                    proof[position++] = hash;
                }
            }

            index >>= 1;
            level++;
        }

        return position;
    }

    private static ReadOnlySpan<byte> Read(IMerkleNodeSource source, int level, long index)
    {
        if (source is MerkleTree tree)
        {
            return tree.NodeSpan(level, index);
        }

        var hash = source.GetNode(level, index);
        return hash is { Length: MerkleHash.Size }
            ? hash
            : throw new InvalidOperationException($"The node source returned a {hash?.Length ?? 0}-byte hash for node ({level}, {index}).");
    }

    private static byte[][] Finish(byte[][] proof, int written) =>
        written == proof.Length
            ? proof
            : throw new InvalidOperationException($"Built a proof of {written} hashes where {proof.Length} were due.");
}
