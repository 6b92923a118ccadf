// RFC 9162 section 2.1: a Merkle tree held in memory. Root hashes per section 2.1.1 (MTH),
// inclusion proofs per section 2.1.3.1 (PATH), consistency proofs per section 2.1.4.1 (PROOF),
// all built from the stored hashes of complete subtrees.
using System.Numerics;

namespace Accord.Core.Log;

/// <summary>
/// The whole tree in memory: for each level, the hashes of its complete subtrees, stored in
/// 64 KiB chunks that never move once full (so growth never copies a large array). Appending a
/// leaf stores it and the parents it completes (one hash on average). Roots of any earlier size
/// and proofs are computed from these stored nodes in O(log n) hashes.
/// </summary>
/// <remarks>Not thread-safe: one writer (a grain) at a time, and no readers during an append.</remarks>
public sealed class MerkleTree : IMerkleNodeSource
{
    /// <summary>The highest level a node can have: sizes stay below 2^62 leaves.</summary>
    internal const int MaxLevel = 62;

    private readonly List<NodeLevel> levels = [];
    private byte[]? cachedRoot;
    private long cachedRootSize = -1;

    /// <summary>Creates an empty tree.</summary>
    public MerkleTree()
    {
    }

    /// <summary>The number of leaves.</summary>
    public long Size { get; private set; }

    /// <summary>A copy of the hash of the complete subtree (level, index).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The subtree is not complete within <see cref="Size"/>.</exception>
    public byte[] GetNode(int level, long index) => NodeSpan(level, index).ToArray();

    /// <summary>
    /// Appends a leaf hash (see <see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/>) and computes the
    /// parent nodes it completes.
    /// </summary>
    /// <returns>The new leaf's index.</returns>
    /// <exception cref="ArgumentException">The leaf hash is not 32 bytes.</exception>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes, not {leafHash.Length}.", nameof(leafHash));
        }

        var leafIndex = Size;
        if (leafIndex == (1L << MaxLevel))
        {
            throw new InvalidOperationException($"The tree is full at 2^{MaxLevel} leaves.");
        }

        leafHash.CopyTo(LevelAt(0).Add());
        var index = leafIndex;
        var level = 0;
        while ((index & 1) == 1)
        {
            var children = levels[level];
            var parent = LevelAt(level + 1).Add();
            MerkleHash.HashChildren(children.Get(index - 1), children.Get(index), parent);
            index >>= 1;
            level++;
        }

        Size = leafIndex + 1;
        return leafIndex;
    }

    /// <summary>The root hash of the tree at its current size; the empty-tree hash for size 0.</summary>
    public byte[] Root()
    {
        if (cachedRootSize != Size || cachedRoot is null)
        {
            cachedRoot = RootAt(Size);
            cachedRootSize = Size;
        }

        return (byte[])cachedRoot.Clone();
    }

    /// <summary>The root hash of the tree when it had <paramref name="size"/> leaves (RFC 9162 section 2.1.1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or above <see cref="Size"/>.</exception>
    public byte[] RootAt(long size) => MerkleProofs.RootAt(this, size);

    /// <summary>The RFC 9162 section 2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless 0 &lt;= index &lt; size &lt;= <see cref="Size"/>.</exception>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size) => MerkleProofs.Inclusion(this, index, size);

    /// <summary>
    /// The RFC 9162 section 2.1.4.1 consistency proof from the tree of <paramref name="size1"/> to the
    /// tree of <paramref name="size2"/>; empty when the sizes are equal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless 0 &lt; size1 &lt;= size2 &lt;= <see cref="Size"/>.</exception>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2) => MerkleProofs.Consistency(this, size1, size2);

    /// <summary>
    /// The nodes that appending leaf <paramref name="leafIndex"/> completed, level 0 (the leaf) first:
    /// what to persist after that append.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafIndex"/> is not a leaf of the tree.</exception>
    public IEnumerable<(int Level, long Index, byte[] Hash)> NodesCompletedBy(long leafIndex)
    {
        if (leafIndex < 0 || leafIndex >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), leafIndex, $"The tree has {Size} leaves.");
        }

        var count = 1 + BitOperations.TrailingZeroCount(~leafIndex);
        var nodes = new (int Level, long Index, byte[] Hash)[count];
        for (var level = 0; level < count; level++)
        {
            var index = leafIndex >> level;
            nodes[level] = (level, index, levels[level].Get(index).ToArray());
        }

        return nodes;
    }

    /// <summary>The stored hash of the complete subtree (level, index), without copying.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The subtree is not complete within <see cref="Size"/>.</exception>
    internal ReadOnlySpan<byte> NodeSpan(int level, long index)
    {
        if (level is < 0 or > MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"A level is between 0 and {MaxLevel}.");
        }

        var count = Size >> level;
        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"At size {Size}, level {level} has {count} complete nodes.");
        }

        return levels[level].Get(index);
    }

    private NodeLevel LevelAt(int level)
    {
        if (level == levels.Count)
        {
            levels.Add(new NodeLevel());
        }

        return levels[level];
    }

    /// <summary>
    /// One level's hashes, 32 bytes each, in chunks of 2,048 (64 KiB, below the large-object
    /// threshold). The first chunk starts small and doubles until full; later chunks are
    /// allocated full, so a full chunk is never copied.
    /// </summary>
    private sealed class NodeLevel
    {
        private const int ChunkShift = 11;
        private const int ChunkHashes = 1 << ChunkShift;
        private const int ChunkBytes = ChunkHashes * MerkleHash.Size;
        private const int FirstChunkBytes = 4 * MerkleHash.Size;

        private readonly List<byte[]> chunks = [];
        private long count;

        /// <summary>Claims the next slot and returns it to be written.</summary>
        public Span<byte> Add()
        {
            var chunk = (int)(count >> ChunkShift);
            var offset = (int)(count & (ChunkHashes - 1)) * MerkleHash.Size;
            if (chunk == chunks.Count)
            {
                chunks.Add(new byte[chunk == 0 ? FirstChunkBytes : ChunkBytes]);
            }
            else if (offset == chunks[chunk].Length)
            {
                var grown = chunks[chunk];
                Array.Resize(ref grown, Math.Min(grown.Length * 2, ChunkBytes));
                chunks[chunk] = grown;
            }

            count++;
            return chunks[chunk].AsSpan(offset, MerkleHash.Size);
        }

        public ReadOnlySpan<byte> Get(long index) =>
            chunks[(int)(index >> ChunkShift)].AsSpan((int)(index & (ChunkHashes - 1)) * MerkleHash.Size, MerkleHash.Size);
    }
}
