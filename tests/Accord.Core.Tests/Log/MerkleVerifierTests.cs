// RFC 9162 sections 2.1.3.2 and 2.1.4.2: what the verifier rejects. Every rejection is a
// MerkleProofException; the edge cases follow the transparency-dev/merkle reference.
using Accord.Core.Log;

namespace Accord.Core.Tests.Log;

public sealed class MerkleVerifierTests
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

    public static TheoryData<int> HashLengths() => [0, 31, 33, 64];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_AnyBitFlippedInAnyProofHash_Rejected(int size)
    {
        var root = Tree.RootAt(size);
        for (var index = 0; index < size; index++)
        {
            var proof = Tree.InclusionProof(index, size);
            for (var position = 0; position < proof.Count; position++)
            {
                foreach (var bit in new[] { 0, 3, 100, 255 })
                {
                    // Arrange
                    var bad = MerkleTestData.Replace(proof, position, MerkleTestData.FlipBit(proof[position], bit));

                    // Act and Assert
                    Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(index, size, Leaves[index], bad, root));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_WrongLeafOrRoot_Rejected(int size)
    {
        var root = Tree.RootAt(size);
        for (var index = 0; index < size; index++)
        {
            var proof = Tree.InclusionProof(index, size);
            var otherLeaf = Leaves[(index + 1) % MaxSize];

            // Act and Assert
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(index, size, otherLeaf, proof, root));
            Assert.Throws<MerkleProofException>(
                () => MerkleVerifier.VerifyInclusion(index, size, MerkleTestData.FlipBit(Leaves[index], 7), proof, root));
            Assert.Throws<MerkleProofException>(
                () => MerkleVerifier.VerifyInclusion(index, size, Leaves[index], proof, MerkleTestData.FlipBit(root, 200)));
        }
    }

    /// <summary>
    /// A wrong index or size is rejected except where RFC 9162 section 2.1.3.2 itself cannot tell:
    /// when the wrong pair has the same path shape (e.g. leaf 0 of size 3 and of size 4), the same
    /// hashes give the same root. The literal RFC algorithm is the judge; most are rejected.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_WrongIndexOrSize_RejectedAsTheRfcAlgorithmRejectsIt(int size)
    {
        var root = Tree.RootAt(size);
        var tried = 0;
        var rejected = 0;
        for (var index = 0; index < size; index++)
        {
            var proof = Tree.InclusionProof(index, size);
            var wrong = new (long Index, long Size)[]
            {
                (index - 1, size), (index + 1, size), (index ^ 2, size), (index ^ 1, size),
                (index, size - 1), (index, size + 1), (index, size * 2L), (index, size / 2), (index, 0),
            };
            foreach (var (wrongIndex, wrongSize) in wrong)
            {
                if (wrongIndex == index && wrongSize == size)
                {
                    continue;
                }

                // Act
                var error = Record.Exception(() => MerkleVerifier.VerifyInclusion(wrongIndex, wrongSize, Leaves[index], proof, root));

                // Assert
                var rfcAccepts = RfcMerkle.VerifyInclusion(wrongIndex, wrongSize, Leaves[index], proof, root);
                if (rfcAccepts)
                {
                    Assert.Null(error);
                }
                else
                {
                    Assert.IsType<MerkleProofException>(error);
                    rejected++;
                }

                if (wrongSize == size || wrongIndex < 0 || wrongIndex >= wrongSize)
                {
                    Assert.IsType<MerkleProofException>(error); // another leaf of the same tree, or no leaf at all
                }

                tried++;
            }
        }

        Assert.True(rejected >= tried * 3 / 4, $"{rejected} of {tried} rejected");
    }

    [Theory]
    [MemberData(nameof(HashLengths))]
    public void VerifyInclusion_LeafRootOrProofHashNot32Bytes_Rejected(int length)
    {
        // Arrange: leaf 5 of 13 has a 4-hash proof.
        var proof = Tree.InclusionProof(5, 13);
        var root = Tree.RootAt(13);
        var odd = new byte[length];

        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(5, 13, odd, proof, root));
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.RootFromInclusionProof(5, 13, odd, proof));
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(5, 13, Leaves[5], proof, odd));
        for (var position = 0; position < proof.Count; position++)
        {
            var bad = MerkleTestData.Replace(proof, position, odd);
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(5, 13, Leaves[5], bad, root));
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.RootFromInclusionProof(5, 13, Leaves[5], bad));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyInclusion_ProofOneHashTooLongOrTooShort_Rejected(int size)
    {
        var root = Tree.RootAt(size);
        for (var index = 0; index < size; index++)
        {
            // Arrange
            var proof = Tree.InclusionProof(index, size);
            byte[][] longer = [.. proof, root];
            byte[][] prefixed = [root, .. proof];

            // Act and Assert
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(index, size, Leaves[index], longer, root));
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(index, size, Leaves[index], prefixed, root));
            if (proof.Count > 0)
            {
                Assert.Throws<MerkleProofException>(
                    () => MerkleVerifier.VerifyInclusion(index, size, Leaves[index], proof.Take(proof.Count - 1).ToList(), root));
                Assert.Throws<MerkleProofException>(
                    () => MerkleVerifier.VerifyInclusion(index, size, Leaves[index], proof.Skip(1).ToList(), root));
            }
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(-1, 1)]
    [InlineData(long.MinValue, 1)]
    [InlineData(0, -1)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void VerifyInclusion_IndexNotBelowSize_Rejected(long index, long size)
    {
        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(index, size, Leaves[0], [], Leaves[0]));
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.RootFromInclusionProof(index, size, Leaves[0], []));
    }

    [Fact]
    public void VerifyInclusion_NullProofOrNullHash_RejectedWithMerkleProofException()
    {
        // Arrange
        var proof = Tree.InclusionProof(2, 4);

        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(2, 4, Leaves[2], null!, Tree.RootAt(4)));
        Assert.Throws<MerkleProofException>(
            () => MerkleVerifier.VerifyInclusion(2, 4, Leaves[2], MerkleTestData.Replace(proof, 1, null!), Tree.RootAt(4)));
    }

    [Fact]
    public void VerifyInclusion_SingleLeafTree_EmptyProofAndLeafIsRoot()
    {
        // Act and Assert
        MerkleVerifier.VerifyInclusion(0, 1, Leaves[0], [], Leaves[0]);
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyInclusion(0, 1, Leaves[0], [], Leaves[1]));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyConsistency_AnyBitFlippedInAnyProofHash_Rejected(int size2)
    {
        var root2 = Tree.RootAt(size2);
        for (var size1 = 1; size1 < size2; size1++)
        {
            var root1 = Tree.RootAt(size1);
            var proof = Tree.ConsistencyProof(size1, size2);
            for (var position = 0; position < proof.Count; position++)
            {
                foreach (var bit in new[] { 0, 4, 130, 255 })
                {
                    // Arrange
                    var bad = MerkleTestData.Replace(proof, position, MerkleTestData.FlipBit(proof[position], bit));

                    // Act and Assert
                    Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, bad));
                }
            }

            Assert.Throws<MerkleProofException>(
                () => MerkleVerifier.VerifyConsistency(size1, size2, MerkleTestData.FlipBit(root1, 9), root2, proof));
            Assert.Throws<MerkleProofException>(
                () => MerkleVerifier.VerifyConsistency(size1, size2, root1, MerkleTestData.FlipBit(root2, 9), proof));
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root2, root1, proof));
        }
    }

    /// <summary>
    /// Wrong sizes are rejected except where RFC 9162 section 2.1.4.2 itself cannot tell (the
    /// same proof shape, e.g. 1 to 3 and 1 to 4); the literal RFC algorithm is the judge.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyConsistency_WrongSizes_RejectedAsTheRfcAlgorithmRejectsIt(int size2)
    {
        var root2 = Tree.RootAt(size2);
        var tried = 0;
        var rejected = 0;
        for (var size1 = 1; size1 < size2; size1++)
        {
            var root1 = Tree.RootAt(size1);
            var proof = Tree.ConsistencyProof(size1, size2);
            var wrong = new (long Size1, long Size2)[]
            {
                (size1 - 1, size2), (size1 + 1, size2), (size1 ^ 2, size2), (size1, size2 - 1), (size1, size2 + 1),
                (size1, size2 * 2L), (size1, size2 / 2), (0, size2), (size2, size1),
            };
            foreach (var (wrong1, wrong2) in wrong)
            {
                if (wrong1 == size1 && wrong2 == size2)
                {
                    continue;
                }

                // Act
                var error = Record.Exception(() => MerkleVerifier.VerifyConsistency(wrong1, wrong2, root1, root2, proof));

                // Assert
                if (RfcMerkle.VerifyConsistency(wrong1, wrong2, root1, root2, proof))
                {
                    Assert.Null(error);
                }
                else
                {
                    Assert.IsType<MerkleProofException>(error);
                    rejected++;
                }

                if (wrong1 <= 0 || wrong1 >= wrong2)
                {
                    Assert.IsType<MerkleProofException>(error); // from the empty tree, backwards, or equal sizes with a proof
                }

                tried++;
            }
        }

        Assert.True(rejected >= tried * 3 / 4, $"{rejected} of {tried} rejected");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void VerifyConsistency_ProofOneHashTooLongOrTooShort_Rejected(int size2)
    {
        var root2 = Tree.RootAt(size2);
        for (var size1 = 1; size1 < size2; size1++)
        {
            // Arrange
            var root1 = Tree.RootAt(size1);
            var proof = Tree.ConsistencyProof(size1, size2);
            byte[][] longer = [.. proof, root2];
            byte[][] prefixed = [root1, .. proof];
            byte[][] doubledFirst = [proof[0], .. proof];

            // Act and Assert
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, longer));
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, prefixed));
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, doubledFirst));
            Assert.Throws<MerkleProofException>(
                () => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, proof.Take(proof.Count - 1).ToList()));
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, []));
        }
    }

    [Theory]
    [MemberData(nameof(HashLengths))]
    public void VerifyConsistency_RootOrProofHashNot32Bytes_Rejected(int length)
    {
        // Arrange: 6 to 13 has a seed hash and inner and border hashes.
        var proof = Tree.ConsistencyProof(6, 13);
        var root1 = Tree.RootAt(6);
        var root2 = Tree.RootAt(13);
        var odd = new byte[length];

        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(6, 13, odd, root2, proof));
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(6, 13, root1, odd, proof));
        for (var position = 0; position < proof.Count; position++)
        {
            var bad = MerkleTestData.Replace(proof, position, odd);
            Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(6, 13, root1, root2, bad));
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(0, 64)]
    public void VerifyConsistency_Size1Zero_Rejected(long size1, long size2)
    {
        // Arrange: even with matching roots and an empty proof (the reference rejects these too).
        var root1 = Tree.RootAt(size1);
        var root2 = Tree.RootAt(size2);

        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, root1, root2, []));
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size1, root1, root1, []));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, 5)]
    [InlineData(5, -1)]
    [InlineData(long.MinValue, long.MinValue)]
    [InlineData(long.MaxValue, 1)]
    public void VerifyConsistency_SizesOutOfOrderOrNegative_Rejected(long size1, long size2)
    {
        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(size1, size2, Leaves[0], Leaves[0], []));
    }

    [Fact]
    public void VerifyConsistency_HugeSizes_RejectedWithoutOtherExceptions()
    {
        // Arrange: lengths computed from sizes near 2^63 must not overflow.
        var proof = Tree.ConsistencyProof(6, 13);

        // Act and Assert
        Assert.Throws<MerkleProofException>(
            () => MerkleVerifier.VerifyConsistency(long.MaxValue - 1, long.MaxValue, Leaves[0], Leaves[1], proof));
        Assert.Throws<MerkleProofException>(
            () => MerkleVerifier.VerifyInclusion(long.MaxValue - 1, long.MaxValue, Leaves[0], proof, Leaves[1]));
    }

    [Fact]
    public void VerifyConsistency_EqualSizes_NeedEmptyProofAndEqualRoots()
    {
        // Arrange
        var root = Tree.RootAt(7);

        // Act and Assert
        MerkleVerifier.VerifyConsistency(7, 7, root, (byte[])root.Clone(), []);
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(7, 7, root, Tree.RootAt(8), []));
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(7, 7, root, root, [root]));
    }

    [Fact]
    public void VerifyConsistency_NullProofOrNullHash_RejectedWithMerkleProofException()
    {
        // Arrange
        var proof = Tree.ConsistencyProof(6, 13);

        // Act and Assert
        Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(6, 13, Tree.RootAt(6), Tree.RootAt(13), null!));
        Assert.Throws<MerkleProofException>(
            () => MerkleVerifier.VerifyConsistency(6, 13, Tree.RootAt(6), Tree.RootAt(13), MerkleTestData.Replace(proof, 0, null!)));
    }

    [Fact]
    public void VerifyConsistency_Failure_MessageSaysWhich()
    {
        // Arrange
        var proof = Tree.ConsistencyProof(6, 13);

        // Act
        var tooShort = Assert.Throws<MerkleProofException>(
            () => MerkleVerifier.VerifyConsistency(6, 13, Tree.RootAt(6), Tree.RootAt(13), proof.Take(proof.Count - 1).ToList()));
        var zero = Assert.Throws<MerkleProofException>(() => MerkleVerifier.VerifyConsistency(0, 13, [], Tree.RootAt(13), []));
        var wrongRoot = Assert.Throws<MerkleProofException>(
            () => MerkleVerifier.VerifyConsistency(6, 13, Tree.RootAt(6), Tree.RootAt(12), proof));

        // Assert
        Assert.Contains($"has {proof.Count - 1} hashes; it should have {proof.Count}", tooShort.Message, StringComparison.Ordinal);
        Assert.Contains("empty tree", zero.Message, StringComparison.Ordinal);
        Assert.Contains("root2", wrongRoot.Message, StringComparison.Ordinal);
    }
}
