using Accord.Core.Log;
using Accord.PropertyTests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>RFC 9162 inclusion and consistency proofs against <see cref="MerkleVerifier"/>.</summary>
public sealed class MerkleProofProperties(ITestOutputHelper output)
{
    private const int Leaves = 130;
    private static readonly MerkleTree Tree = Build();

    private static readonly Gen<long> Sizes = Gen.Frequency(
        (3, Gen.Long[-2, 300]), (1, Gen.Long), (1, Gen.OneOf(Gen.Const(long.MaxValue), Gen.Const(long.MinValue), Gen.Const(long.MaxValue - 1), Gen.Const(1L << 62))));

    private static readonly Gen<byte[]> Hashes = Gen.Frequency((6, Gen.Byte.Array[32]), (1, Gen.Byte.Array[0, 40]), (1, Gen.Const((byte[])null!)));

    /// <summary>A change to the hashes of a valid proof: it must never verify.</summary>
    private static Gen<List<byte[]>> Broken(IReadOnlyList<byte[]> proof) => Gen.Select(Gen.Int[0, 5], Gen.UInt, Gen.Byte.Array[32], (how, r, random) =>
    {
        var list = proof.Select(h => (byte[])h.Clone()).ToList();
        var at = list.Count == 0 ? 0 : (int)(r % (uint)list.Count);
        switch (list.Count == 0 ? 2 : how)
        {
            case 0:
                list[at][(int)(r >> 8) % 32] ^= (byte)(1 << (int)((r >> 16) % 8));
                break;
            case 1:
                list[at] = random;
                break;
            case 2:
                list.Insert(at, random);
                break;
            case 3:
                list.RemoveAt(at);
                break;
            case 4:
                list[at] = list[at][..(int)((r >> 8) % 32)];
                break;
            default:
                list.Add(list[at]);
                break;
        }

        return list;
    });

    [Fact]
    public void VerifyInclusion_MutatedValidProof_NeverVerifies()
    {
        var cases = Gen.Int[1, Leaves].SelectMany(size => Gen.Int[0, size - 1].SelectMany(index =>
        {
            var proof = Tree.InclusionProof(index, size);
            return Gen.Select(Gen.Int[0, 3], Broken(proof), Gen.Int[0, 255], (target, broken, bit) => (size, index, proof, target, broken, bit));
        }));
        Property.Run(output, "inclusion proofs, mutated", cases, c =>
        {
            var leaf = MerkleHash.Leaf(Entry(c.index));
            var root = Tree.RootAt(c.size);
            MerkleVerifier.VerifyInclusion(c.index, c.size, leaf, c.proof, root);
            var (useLeaf, useRoot, useProof) = c.target switch
            {
                0 => (Flip(leaf, c.bit), root, c.proof),
                1 => (leaf, Flip(root, c.bit), c.proof),
                _ => (leaf, root, (IReadOnlyList<byte[]>)c.broken),
            };
            Assert.False(Accepts(() => MerkleVerifier.VerifyInclusion(c.index, c.size, useLeaf, useProof, useRoot)));
        }, CaseBudget.InclusionMutations);
    }

    [Fact]
    public void VerifyConsistency_MutatedValidProof_NeverVerifies()
    {
        var cases = Gen.Int[1, Leaves].SelectMany(size2 => Gen.Int[1, size2].SelectMany(size1 =>
        {
            var proof = Tree.ConsistencyProof(size1, size2);
            return Gen.Select(Gen.Int[0, 3], Broken(proof), Gen.Int[0, 255], (target, broken, bit) => (size1, size2, proof, target, broken, bit));
        }));
        Property.Run(output, "consistency proofs, mutated", cases, c =>
        {
            var root1 = Tree.RootAt(c.size1);
            var root2 = Tree.RootAt(c.size2);
            MerkleVerifier.VerifyConsistency(c.size1, c.size2, root1, root2, c.proof);
            var (useRoot1, useRoot2, useProof) = c.target switch
            {
                0 => (Flip(root1, c.bit), root2, c.proof),
                1 => (root1, Flip(root2, c.bit), c.proof),
                _ => (root1, root2, (IReadOnlyList<byte[]>)c.broken),
            };
            Assert.False(Accepts(() => MerkleVerifier.VerifyConsistency(c.size1, c.size2, useRoot1, useRoot2, useProof)));
        }, CaseBudget.ConsistencyMutations);
    }

    [Fact]
    public void Verify_RandomSizesHashesAndProofs_OnlyMerkleProofException()
    {
        var cases = Gen.Select(Sizes, Sizes, Hashes, Hashes, Hashes.Array[0, 70], Gen.Bool);
        Property.Run(output, "Merkle proofs, random", cases, c =>
        {
            var (a, b, leaf, root, proof, withNull) = c;
            IReadOnlyList<byte[]> list = withNull ? proof : [.. proof.Where(h => h is not null)];
            Accepts(() => MerkleVerifier.RootFromInclusionProof(a, b, leaf ?? [], list));
            Accepts(() => MerkleVerifier.VerifyInclusion(a, b, leaf ?? [], list, root ?? []));
            Accepts(() => MerkleVerifier.VerifyConsistency(a, b, leaf ?? [], root ?? [], list));
            Accepts(() => MerkleVerifier.VerifyConsistency(a, b, leaf ?? [], leaf ?? [], []));
        }, CaseBudget.MerkleRandom);
    }

    private static bool Accepts(Action verify) => Expect.Of<bool, MerkleProofException>(() => { verify(); return true; }).Accepted;

    private static byte[] Flip(byte[] hash, int bit)
    {
        var copy = (byte[])hash.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static byte[] Entry(long index) => BitConverter.GetBytes(index);

    private static MerkleTree Build()
    {
        var tree = new MerkleTree();
        for (var i = 0; i < Leaves; i++)
        {
            tree.Append(MerkleHash.Leaf(Entry(i)));
        }

        return tree;
    }
}
