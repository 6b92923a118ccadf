// RFC 9162 section 2.1.1: the root from the complete subtrees on the right edge (compact range).
using System.Numerics;
using Accord.Core.Log;

namespace Accord.Core.Tests.Log;

public sealed class CompactRangeTests
{
    [Fact]
    public void Root_EverySizeUpTo64_EqualsMerkleTreeRootAt()
    {
        // Arrange
        var leaves = MerkleTestData.RandomLeafHashes(64);
        var tree = MerkleTestData.TreeOf(leaves);
        var range = CompactRange.Empty;

        for (var size = 0; size <= 64; size++)
        {
            // Act
            var root = range.Root();

            // Assert
            Assert.Equal(size, range.Size);
            Assert.Equal(tree.RootAt(size), root);
            Assert.Equal(RfcMerkle.Mth(leaves, 0, size), root);
            if (size < 64)
            {
                range = range.Append(leaves[size]);
            }
        }
    }

    [Fact]
    public void Hashes_EverySizeUpTo64_AreTheCompleteSubtreesLargestFirst()
    {
        // Arrange
        var leaves = MerkleTestData.RandomLeafHashes(64);
        var tree = MerkleTestData.TreeOf(leaves);
        var range = CompactRange.Empty;

        for (var size = 1; size <= 64; size++)
        {
            range = range.Append(leaves[size - 1]);

            // Act
            var hashes = range.Hashes;

            // Assert
            var expected = new List<byte[]>();
            var start = 0L;
            for (var level = 62; level >= 0; level--)
            {
                if ((size & (1L << level)) != 0)
                {
                    expected.Add(tree.GetNode(level, start >> level));
                    start += 1L << level;
                }
            }

            Assert.Equal(BitOperations.PopCount((uint)size), hashes.Count);
            Assert.Equal(expected, hashes);
        }
    }

    [Fact]
    public void FromHashes_HashesOfAnotherRange_SameRootAndAppendsAlike()
    {
        // Arrange
        var leaves = MerkleTestData.RandomLeafHashes(23);
        var range = CompactRange.Empty;
        foreach (var leaf in leaves.Take(22))
        {
            range = range.Append(leaf);
        }

        // Act
        var rebuilt = CompactRange.FromHashes(range.Size, range.Hashes);

        // Assert
        Assert.Equal(22, rebuilt.Size);
        Assert.Equal(range.Root(), rebuilt.Root());
        Assert.Equal(range.Append(leaves[22]).Root(), rebuilt.Append(leaves[22]).Root());
    }

    [Fact]
    public void Append_ToARange_LeavesTheOriginalUnchanged()
    {
        // Arrange
        var leaves = MerkleTestData.RandomLeafHashes(8);
        var range = CompactRange.Empty;
        foreach (var leaf in leaves.Take(7))
        {
            range = range.Append(leaf);
        }

        var rootBefore = range.Root();
        var hashesBefore = range.Hashes;

        // Act
        var next = range.Append(leaves[7]);
        range.Hashes[0][0] ^= 0xff;

        // Assert
        Assert.Equal(7, range.Size);
        Assert.Equal(rootBefore, range.Root());
        Assert.Equal(hashesBefore, range.Hashes);
        Assert.Equal(8, next.Size);
        Assert.Single(next.Hashes);
    }

    [Fact]
    public void Empty_Root_IsEmptyTreeHash()
    {
        // Act and Assert
        Assert.Equal(0, CompactRange.Empty.Size);
        Assert.Empty(CompactRange.Empty.Hashes);
        Assert.Equal(MerkleHash.EmptyRoot, CompactRange.Empty.Root());
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Append_LeafHashNot32Bytes_ThrowsArgumentException(int length)
    {
        // Act and Assert
        Assert.Throws<ArgumentException>(() => CompactRange.Empty.Append(new byte[length]));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 3)]
    [InlineData(4, 0)]
    [InlineData(0, 1)]
    public void FromHashes_CountNotPopcountOfSize_ThrowsArgumentException(long size, int count)
    {
        // Arrange
        var hashes = Enumerable.Range(0, count).Select(_ => new byte[MerkleHash.Size]).ToArray();

        // Act and Assert
        Assert.Throws<ArgumentException>(() => CompactRange.FromHashes(size, hashes));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void FromHashes_HashNot32Bytes_ThrowsArgumentException(int length)
    {
        // Act and Assert
        Assert.Throws<ArgumentException>(() => CompactRange.FromHashes(3, [new byte[32], new byte[length]]));
    }

    [Fact]
    public void FromHashes_NegativeSize_ThrowsArgumentOutOfRangeException()
    {
        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactRange.FromHashes(-1, []));
    }
}
