// RFC 9162 sections 2.1.3.2 and 2.1.4.2: the lengths of inclusion and consistency proofs, as in
// the transparency-dev/merkle reference (proof/verify.go, decompInclProof).
using System.Numerics;

namespace Accord.Core.Log;

/// <summary>How many hashes a well-formed proof has; shared by the prover and the verifier.</summary>
internal static class ProofShape
{
    /// <summary>
    /// Splits the inclusion proof of leaf <paramref name="index"/> in a tree of <paramref name="size"/>
    /// (0 &lt;= index &lt; size) at the level where the paths to <paramref name="index"/> and to
    /// size - 1 meet: <c>Inner</c> siblings below it (left or right), then <c>Border</c> left
    /// siblings above it.
    /// </summary>
    public static (int Inner, int Border) Inclusion(long index, long size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(index ^ (size - 1)));
        var border = BitOperations.PopCount((ulong)(index >> inner));
        return (inner, border);
    }

    public static int InclusionLength(long index, long size)
    {
        var (inner, border) = Inclusion(index, size);
        return inner + border;
    }

    /// <summary>
    /// The consistency proof from <paramref name="size1"/> to <paramref name="size2"/>
    /// (0 &lt; size1 &lt; size2): the inclusion proof of the last leaf of the old tree, less the
    /// <c>Shift</c> levels inside its last complete subtree, plus that subtree's hash first unless
    /// size1 is a power of two (<c>WithSeed</c>).
    /// </summary>
    public static (int Inner, int Border, int Shift, bool WithSeed) Consistency(long size1, long size2)
    {
        var (inner, border) = Inclusion(size1 - 1, size2);
        var shift = BitOperations.TrailingZeroCount(size1);
        var withSeed = (size1 & (size1 - 1)) != 0;
        return (inner - shift, border, shift, withSeed);
    }

    public static int ConsistencyLength(long size1, long size2)
    {
        var (inner, border, _, withSeed) = Consistency(size1, size2);
        return (withSeed ? 1 : 0) + inner + border;
    }
}
