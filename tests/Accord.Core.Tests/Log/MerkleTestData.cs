// RFC 9162 section 2.1.1 leaf hashes for the Merkle tests; the standard leaves are those of the
// transparency-dev/merkle vectors (../shared/vectors/README.md).
using Accord.Core.Log;

namespace Accord.Core.Tests.Log;

/// <summary>Leaves for the Merkle tests: the 8 standard leaves of the shared vectors, and seeded random ones.</summary>
internal static class MerkleTestData
{
    /// <summary>The standard 8 leaves of the transparency-dev/merkle vectors (../shared/vectors/README.md).</summary>
    public static readonly IReadOnlyList<byte[]> StandardEntries =
    [
        .. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
            .Select(Convert.FromHexString),
    ];

    /// <summary>The root of all 8 standard leaves, as vectors/README.md gives it.</summary>
    public const string StandardRootHex = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

    public static IReadOnlyList<byte[]> StandardLeafHashes { get; } = [.. StandardEntries.Select(e => MerkleHash.Leaf(e))];

    /// <summary>Leaf hashes of <paramref name="count"/> random entries of 0 to 99 bytes, the same for a given seed.</summary>
    public static IReadOnlyList<byte[]> RandomLeafHashes(int count, int seed = 9162)
    {
        var random = new Random(seed);
        var leaves = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var entry = new byte[random.Next(100)];
            random.NextBytes(entry);
            leaves[i] = MerkleHash.Leaf(entry);
        }

        return leaves;
    }

    public static MerkleTree TreeOf(IReadOnlyList<byte[]> leafHashes)
    {
        var tree = new MerkleTree();
        foreach (var leaf in leafHashes)
        {
            tree.Append(leaf);
        }

        return tree;
    }

    public static byte[] FlipBit(byte[] hash, int bit)
    {
        var copy = (byte[])hash.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    public static byte[][] Replace(IReadOnlyList<byte[]> proof, int position, byte[] hash)
    {
        var copy = proof.ToArray();
        copy[position] = hash;
        return copy;
    }
}
