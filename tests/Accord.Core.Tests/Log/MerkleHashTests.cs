// RFC 9162 section 2.1.1 hashing: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right).
using System.Security.Cryptography;
using Accord.Core.Log;

namespace Accord.Core.Tests.Log;

public sealed class MerkleHashTests
{
    [Theory]
    [InlineData("", "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData("00", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7")]
    public void Leaf_StandardEntry_KnownHash(string entryHex, string expectedHex)
    {
        // Act
        var hash = MerkleHash.Leaf(Convert.FromHexString(entryHex));

        // Assert
        Assert.Equal(expectedHex, Convert.ToHexStringLower(hash));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(100_000)]
    public void Leaf_LongEntry_IsSha256OfZeroPrefixAndEntry(int length)
    {
        // Arrange
        var entry = new byte[length];
        new Random(length).NextBytes(entry);

        // Act
        var hash = MerkleHash.Leaf(entry);

        // Assert
        Assert.Equal(SHA256.HashData([0x00, .. entry]), hash);
    }

    [Fact]
    public void Node_FirstTwoStandardLeaves_RootOfSizeTwo()
    {
        // Arrange
        var leaves = MerkleTestData.StandardLeafHashes;

        // Act
        var node = MerkleHash.Node(leaves[0], leaves[1]);

        // Assert
        Assert.Equal("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", Convert.ToHexStringLower(node));
        Assert.Equal(SHA256.HashData([0x01, .. leaves[0], .. leaves[1]]), node);
    }

    [Theory]
    [InlineData(31, 32)]
    [InlineData(33, 32)]
    [InlineData(32, 31)]
    [InlineData(32, 0)]
    public void Node_ChildNot32Bytes_ThrowsArgumentException(int leftLength, int rightLength)
    {
        // Act and Assert
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(new byte[leftLength], new byte[rightLength]));
    }

    [Fact]
    public void EmptyRoot_Mutated_NextCallStillSha256OfEmptyString()
    {
        // Arrange
        var first = MerkleHash.EmptyRoot;
        first[0] ^= 0xff;

        // Act
        var second = MerkleHash.EmptyRoot;

        // Assert
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(second));
        Assert.Equal(MerkleHash.Size, second.Length);
    }
}
