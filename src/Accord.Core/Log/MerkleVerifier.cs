// RFC 9162 section 2.1.3.2 (verifying an inclusion proof) and section 2.1.4.2 (verifying a
// consistency proof), with the argument checks and edge cases of the transparency-dev/merkle
// reference (proof/verify.go): size1 = 0 is rejected, size1 = size2 needs an empty proof and
// equal roots, and a proof of the wrong length is rejected before any hashing.
using System.Security.Cryptography;

namespace Accord.Core.Log;

/// <summary>
/// Verifies Merkle inclusion and consistency proofs. Every failure, malformed input included,
/// is a <see cref="MerkleProofException"/> whose message names the problem; nothing else is thrown.
/// </summary>
public static class MerkleVerifier
{
    /// <summary>Checks that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> with <paramref name="root"/>.</summary>
    /// <exception cref="MerkleProofException">The proof does not verify or an input is malformed.</exception>
    public static void VerifyInclusion(
        long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        RequireHash(root, "The expected root");
        Span<byte> calculated = stackalloc byte[MerkleHash.Size];
        ChainInclusion(index, size, leafHash, proof, calculated);
        if (!CryptographicOperations.FixedTimeEquals(calculated, root))
        {
            throw new MerkleProofException(
                $"The inclusion proof of leaf {index} in the tree of size {size} leads to root {Convert.ToHexStringLower(calculated)}, " +
                $"not the expected root {Convert.ToHexStringLower(root)}.");
        }
    }

    /// <summary>
    /// The root of the tree of <paramref name="size"/> implied by the inclusion proof of
    /// <paramref name="leafHash"/> at <paramref name="index"/> (RFC 9162 section 2.1.3.2 steps 1 to 5).
    /// </summary>
    /// <exception cref="MerkleProofException">An input is malformed: index not in [0, size), a hash not 32 bytes, a proof of the wrong length.</exception>
    public static byte[] RootFromInclusionProof(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        var root = new byte[MerkleHash.Size];
        ChainInclusion(index, size, leafHash, proof, root);
        return root;
    }

    /// <summary>
    /// Checks that the tree of <paramref name="size2"/> with <paramref name="root2"/> extends the tree of
    /// <paramref name="size1"/> with <paramref name="root1"/>. Requires 0 &lt; size1 &lt;= size2. When the
    /// sizes are equal the proof must be empty and the roots byte-for-byte equal (the transparency-dev
    /// reference compares them without a length check).
    /// </summary>
    /// <exception cref="MerkleProofException">The proof does not verify or an input is malformed.</exception>
    public static void VerifyConsistency(
        long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        if (proof is null)
        {
            throw new MerkleProofException("The consistency proof is null.");
        }

        if (size1 < 0 || size2 < 0)
        {
            throw new MerkleProofException($"Tree sizes are not negative (size1 {size1}, size2 {size2}).");
        }

        if (size2 < size1)
        {
            throw new MerkleProofException($"size2 ({size2}) is smaller than size1 ({size1}): a log does not shrink.");
        }

        if (size1 == 0)
        {
            throw new MerkleProofException(
                $"A consistency proof from the empty tree (size1 0) to size {size2} is meaningless and is not accepted.");
        }

        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                throw new MerkleProofException(
                    $"size1 and size2 are both {size1}, so the proof must be empty, but it has {proof.Count} hashes.");
            }

            if (!root1.SequenceEqual(root2))
            {
                throw new MerkleProofException($"size1 and size2 are both {size1}, but root1 and root2 differ.");
            }

            return;
        }

        if (proof.Count == 0)
        {
            throw new MerkleProofException($"The consistency proof from size {size1} to size {size2} is empty.");
        }

        RequireHash(root1, "root1");
        RequireHash(root2, "root2");
        var (inner, border, shift, withSeed) = ProofShape.Consistency(size1, size2);
        var start = withSeed ? 1 : 0;
        var expected = start + inner + border;
        if (proof.Count != expected)
        {
            throw new MerkleProofException(
                $"The consistency proof from size {size1} to size {size2} has {proof.Count} hashes; it should have {expected}.");
        }

        RequireProofHashes(proof);

        // The seed is the root of the last complete subtree of the old tree: root1 itself when
        // size1 is a power of two, else the proof's first hash. Climbing from it, hash1 uses only
        // the left siblings (rebuilding the old root) and hash2 all of them (the new root).
        Span<byte> hash1 = stackalloc byte[MerkleHash.Size];
        Span<byte> hash2 = stackalloc byte[MerkleHash.Size];
        var seed = withSeed ? (ReadOnlySpan<byte>)proof[0] : root1;
        seed.CopyTo(hash1);
        seed.CopyTo(hash2);
        var mask = (size1 - 1) >> shift;
        for (var i = 0; i < inner; i++)
        {
            var sibling = proof[start + i];
            if (((mask >> i) & 1) == 1)
            {
                MerkleHash.HashChildren(sibling, hash1, hash1);
                MerkleHash.HashChildren(sibling, hash2, hash2);
            }
            else
            {
                MerkleHash.HashChildren(hash2, sibling, hash2);
            }
        }

        for (var i = start + inner; i < expected; i++)
        {
            MerkleHash.HashChildren(proof[i], hash1, hash1);
            MerkleHash.HashChildren(proof[i], hash2, hash2);
        }

        if (!CryptographicOperations.FixedTimeEquals(hash1, root1))
        {
            throw new MerkleProofException(
                $"The consistency proof from size {size1} to size {size2} rebuilds old root {Convert.ToHexStringLower(hash1)}, " +
                $"not root1 {Convert.ToHexStringLower(root1)}.");
        }

        if (!CryptographicOperations.FixedTimeEquals(hash2, root2))
        {
            throw new MerkleProofException(
                $"The consistency proof from size {size1} to size {size2} leads to new root {Convert.ToHexStringLower(hash2)}, " +
                $"not root2 {Convert.ToHexStringLower(root2)}.");
        }
    }

    private static void ChainInclusion(
        long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> root)
    {
        if (proof is null)
        {
            throw new MerkleProofException("The inclusion proof is null.");
        }

        if (size <= 0)
        {
            throw new MerkleProofException($"The tree size is {size}; an inclusion proof needs a tree of at least one leaf.");
        }

        if (index < 0 || index >= size)
        {
            throw new MerkleProofException($"Leaf index {index} is outside the tree of size {size} (leaves 0 to {size - 1}).");
        }

        RequireHash(leafHash, "The leaf hash");
        var (inner, border) = ProofShape.Inclusion(index, size);
        if (proof.Count != inner + border)
        {
            throw new MerkleProofException(
                $"The inclusion proof of leaf {index} in the tree of size {size} has {proof.Count} hashes; it should have {inner + border}.");
        }

        RequireProofHashes(proof);

        // RFC 9162 section 2.1.3.2: below the level where the paths to index and size - 1 meet,
        // the index's bits say which side each sibling is on; above it, every sibling is on the left.
        leafHash.CopyTo(root);
        for (var i = 0; i < inner; i++)
        {
            if (((index >> i) & 1) == 0)
            {
                MerkleHash.HashChildren(root, proof[i], root);
            }
            else
            {
                MerkleHash.HashChildren(proof[i], root, root);
            }
        }

        for (var i = inner; i < proof.Count; i++)
        {
            MerkleHash.HashChildren(proof[i], root, root);
        }
    }

    private static void RequireHash(ReadOnlySpan<byte> hash, string what)
    {
        if (hash.Length != MerkleHash.Size)
        {
            throw new MerkleProofException($"{what} is {hash.Length} bytes; a Merkle hash is {MerkleHash.Size}.");
        }
    }

    private static void RequireProofHashes(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            var hash = proof[i];
            if (hash is null)
            {
                throw new MerkleProofException($"Proof hash {i} is null.");
            }

            if (hash.Length != MerkleHash.Size)
            {
                throw new MerkleProofException($"Proof hash {i} is {hash.Length} bytes; a Merkle hash is {MerkleHash.Size}.");
            }
        }
    }
}
