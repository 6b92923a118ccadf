// RFC 9162 section 2.1: MerkleTree's roots (2.1.1), inclusion proofs (2.1.3.1) and consistency
// proofs (2.1.4.1) against the RFC's recursive definitions and the verifier (2.1.3.2, 2.1.4.2).
using Accord.Core.Log;

namespace Accord.Core.Tests.Log;

public sealed class MerkleTreeTests
{
    private const int MaxSize = 64;

    private static readonly IReadOnlyList<byte[]> Leaves = MerkleTestData.RandomLeafHashes(MaxSize);
    private static readonly MerkleTree Tree = MerkleTestData.TreeOf(Leaves);

    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        for (var size = 1; size <= MaxSize; size++)
        {
            data.Add(size);
        }

        return data;
    }

    [Fact]
    public void Root_StandardEightLeaves_IsReadmeRoot()
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(MerkleTestData.StandardLeafHashes);

        // Act
        var root = tree.Root();

        // Assert
        Assert.Equal(MerkleTestData.StandardRootHex, Convert.ToHexStringLower(root));
    }

    [Fact]
    public void RootAt_EverySize_EqualsRfcMth()
    {
        for (var size = 0; size <= MaxSize; size++)
        {
            // Act
            var root = Tree.RootAt(size);

            // Assert
            Assert.Equal(RfcMerkle.Mth(Leaves, 0, size), root);
        }
    }

    [Fact]
    public void Root_AfterEachAppend_EqualsRootAtNewSize()
    {
        // Arrange
        var tree = new MerkleTree();
        Assert.Equal(MerkleHash.EmptyRoot, tree.Root());

        for (var i = 0; i < MaxSize; i++)
        {
            // Act
            var index = tree.Append(Leaves[i]);
            var root = tree.Root();

            // Assert
            Assert.Equal(i, index);
            Assert.Equal(i + 1, tree.Size);
            Assert.Equal(RfcMerkle.Mth(Leaves, 0, i + 1), root);
        }
    }

    [Fact]
    public void GetNode_EveryCompleteSubtree_EqualsRfcMthOfItsLeaves()
    {
        for (var level = 0; (1 << level) <= MaxSize; level++)
        {
            for (var index = 0; (index + 1) << level <= MaxSize; index++)
            {
                // Act
                var node = Tree.GetNode(level, index);

                // Assert
                Assert.Equal(RfcMerkle.Mth(Leaves, index << level, (index + 1) << level), node);
            }
        }
    }

    [Fact]
    public void GetNode_ResultMutated_TreeUnchanged()
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(Leaves.Take(4).ToList());
        var rootBefore = tree.Root();

        // Act
        tree.GetNode(0, 1)[0] ^= 0xff;
        tree.GetNode(2, 0)[0] ^= 0xff;

        // Assert
        Assert.Equal(Leaves[1], tree.GetNode(0, 1));
        Assert.Equal(rootBefore, tree.RootAt(4));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(0, -1)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(-1, 0)]
    [InlineData(63, 0)]
    [InlineData(64, 0)]
    [InlineData(int.MaxValue, 0)]
    public void GetNode_NotACompleteSubtreeOfSizeFive_ThrowsArgumentOutOfRange(int level, long index)
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(Leaves.Take(5).ToList());

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.GetNode(level, index));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Append_LeafHashNot32Bytes_ThrowsArgumentExceptionAndKeepsSize(int length)
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(Leaves.Take(3).ToList());

        // Act and Assert
        Assert.Throws<ArgumentException>(() => tree.Append(new byte[length]));
        Assert.Equal(3, tree.Size);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InclusionProof_EveryIndex_IsRfcPathAndVerifies(int size)
    {
        var root = Tree.RootAt(size);
        for (var index = 0; index < size; index++)
        {
            // Act
            var proof = Tree.InclusionProof(index, size);

            // Assert
            Assert.Equal(RfcMerkle.Path(Leaves, index, 0, size), proof);
            MerkleVerifier.VerifyInclusion(index, size, Leaves[index], proof, root);
            Assert.Equal(root, MerkleVerifier.RootFromInclusionProof(index, size, Leaves[index], proof));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ConsistencyProof_EveryEarlierSize_IsRfcProofAndVerifies(int size2)
    {
        var root2 = Tree.RootAt(size2);
        for (var size1 = 1; size1 <= size2; size1++)
        {
            // Act
            var proof = Tree.ConsistencyProof(size1, size2);

            // Assert
            Assert.Equal(RfcMerkle.Proof(Leaves, size1, size2), proof);
            MerkleVerifier.VerifyConsistency(size1, size2, Tree.RootAt(size1), root2, proof);
        }
    }

    [Fact]
    public void ConsistencyProof_EqualSizes_IsEmpty()
    {
        // Act and Assert
        Assert.Empty(Tree.ConsistencyProof(MaxSize, MaxSize));
        Assert.Empty(Tree.ConsistencyProof(1, 1));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 5)]
    [InlineData(5, 5)]
    [InlineData(5, 4)]
    [InlineData(0, 11)]
    [InlineData(0, -1)]
    [InlineData(long.MinValue, 10)]
    [InlineData(long.MaxValue, 10)]
    public void InclusionProof_IndexOrSizeOutOfRange_ThrowsArgumentOutOfRange(long index, long size)
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(Leaves.Take(10).ToList());

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(index, size));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    [InlineData(5, 11)]
    [InlineData(11, 11)]
    [InlineData(long.MinValue, long.MaxValue)]
    public void ConsistencyProof_SizesOutOfRange_ThrowsArgumentOutOfRange(long size1, long size2)
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(Leaves.Take(10).ToList());

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(size1, size2));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(long.MaxValue)]
    public void RootAt_SizeOutOfRange_ThrowsArgumentOutOfRange(long size)
    {
        // Arrange
        var tree = MerkleTestData.TreeOf(Leaves.Take(10).ToList());

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.RootAt(size));
    }

    [Fact]
    public void RootAt_Zero_IsEmptyTreeHash()
    {
        // Act and Assert
        Assert.Equal(MerkleHash.EmptyRoot, Tree.RootAt(0));
        Assert.Equal(MerkleHash.EmptyRoot, new MerkleTree().Root());
    }

    [Fact]
    public void NodesCompletedBy_EveryLeaf_TheLeafAndTheParentsItCompletes()
    {
        var seen = new HashSet<(int, long)>();
        for (var leafIndex = 0L; leafIndex < MaxSize; leafIndex++)
        {
            // Act
            var nodes = Tree.NodesCompletedBy(leafIndex).ToList();

            // Assert: level 0 first, then each parent while the node is a right child.
            for (var i = 0; i < nodes.Count; i++)
            {
                var (level, index, hash) = nodes[i];
                Assert.Equal(i, level);
                Assert.Equal(leafIndex >> level, index);
                Assert.Equal(Tree.GetNode(level, index), hash);
                Assert.True(seen.Add((level, index)));
                Assert.Equal((index + 1) << level, leafIndex + 1);
            }

            var top = nodes[^1];
            Assert.Equal(0, top.Index & 1);
        }

        // Every complete node of the 64-leaf tree is completed by exactly one append: 64 + 32 + ... + 1.
        Assert.Equal(127, seen.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(MaxSize)]
    public void NodesCompletedBy_NotALeaf_ThrowsArgumentOutOfRange(long leafIndex)
    {
        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => Tree.NodesCompletedBy(leafIndex));
    }

    [Fact]
    public void Proofs_TreeSpanningSeveralStorageChunks_MatchCompactRangeAndRfc()
    {
        // Arrange: 2,048 hashes per storage chunk; cross the boundaries at levels 0 and 1.
        const int size = 4100;
        var leaves = MerkleTestData.RandomLeafHashes(size, seed: 6962);
        var tree = MerkleTestData.TreeOf(leaves);
        var range = CompactRange.Empty;
        var roots = new byte[size + 1][];
        roots[0] = range.Root();
        for (var i = 0; i < size; i++)
        {
            range = range.Append(leaves[i]);
            roots[i + 1] = range.Root();
        }

        // Act and Assert
        for (var s = 0; s <= size; s++)
        {
            Assert.Equal(roots[s], tree.RootAt(s));
        }

        foreach (var (index, s) in new[] { (0, 4100), (2047, 4100), (2048, 4100), (4099, 4100), (4095, 4097), (1234, 2049) })
        {
            var proof = tree.InclusionProof(index, s);
            Assert.Equal(RfcMerkle.Path(leaves, index, 0, s), proof);
            MerkleVerifier.VerifyInclusion(index, s, leaves[index], proof, roots[s]);
        }

        foreach (var (size1, size2) in new[] { (1, 4100), (2047, 2049), (2048, 4100), (3000, 4099), (4099, 4100) })
        {
            var proof = tree.ConsistencyProof(size1, size2);
            Assert.Equal(RfcMerkle.Proof(leaves, size1, size2), proof);
            MerkleVerifier.VerifyConsistency(size1, size2, roots[size1], roots[size2], proof);
        }
    }

    [Fact]
    public void MerkleProofs_OverAnotherNodeSource_SameAsTree()
    {
        // Arrange: a source that is not a MerkleTree takes the GetNode path.
        var source = new DelegatingSource(Tree);

        // Act and Assert
        Assert.Equal(Tree.RootAt(45), MerkleProofs.RootAt(source, 45));
        Assert.Equal(Tree.InclusionProof(17, 45), MerkleProofs.Inclusion(source, 17, 45));
        Assert.Equal(Tree.ConsistencyProof(13, 45), MerkleProofs.Consistency(source, 13, 45));
    }

    private sealed class DelegatingSource(IMerkleNodeSource inner) : IMerkleNodeSource
    {
        public long Size => inner.Size;

        public byte[] GetNode(int level, long index) => inner.GetNode(level, index);
    }
}
