// RFC 9162 section 2.1.1: a Merkle tree over n leaves is built from complete (perfect) subtrees
// of 2^k leaves; these are the hashes that proofs (sections 2.1.3.1 and 2.1.4.1) are made of.
namespace Accord.Core.Log;

/// <summary>
/// Hashes of complete subtrees of a Merkle tree. Level 0 holds the leaf hashes; the node
/// (level, index) covers the leaves [index &lt;&lt; level, (index + 1) &lt;&lt; level).
/// </summary>
public interface IMerkleNodeSource
{
    /// <summary>The number of leaves available.</summary>
    long Size { get; }

    /// <summary>The 32-byte hash of the complete subtree (level, index).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The subtree is not complete within <see cref="Size"/>.</exception>
    byte[] GetNode(int level, long index);
}
