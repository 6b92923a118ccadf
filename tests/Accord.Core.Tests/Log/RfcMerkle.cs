// RFC 9162 section 2.1, transcribed literally as a test oracle: MTH (2.1.1), PATH (2.1.3.1),
// PROOF/SUBPROOF (2.1.4.1) by recursion over the leaves, and the verification algorithms of
// sections 2.1.3.2 and 2.1.4.2 step by step. Slow (O(n) per call) and meant for small trees.
using System.Security.Cryptography;
using Accord.Core.Log;

namespace Accord.Core.Tests.Log;

internal static class RfcMerkle
{
    /// <summary>MTH(D[start:end]) over leaf hashes (the RFC's MTH({d(0)}) = leaf hash).</summary>
    public static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }

        if (n == 1)
        {
            return leaves[start];
        }

        var k = LargestPowerOfTwoBelow(n);
        return Node(Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    /// <summary>PATH(m, D[start:end]).</summary>
    public static List<byte[]> Path(IReadOnlyList<byte[]> leaves, int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            var path = Path(leaves, m, start, start + k);
            path.Add(Mth(leaves, start + k, end));
            return path;
        }
        else
        {
            var path = Path(leaves, m - k, start + k, end);
            path.Add(Mth(leaves, start, start + k));
            return path;
        }
    }

    /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public static List<byte[]> Proof(IReadOnlyList<byte[]> leaves, int m, int n) => SubProof(leaves, m, 0, n, true);

    /// <summary>RFC 9162 section 2.1.3.2, steps 1 to 5.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, byte[] hash, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (leafIndex < 0 || leafIndex >= treeSize)
        {
            return false;
        }

        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = hash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 section 2.1.4.2, steps 1 to 7, for 0 &lt; first &lt; second.</summary>
    public static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, IReadOnlyList<byte[]> consistencyPath)
    {
        if (first <= 0 || first >= second || consistencyPath.Count == 0)
        {
            return false;
        }

        var path = consistencyPath.ToList();
        if ((first & (first - 1)) == 0)
        {
            path.Insert(0, firstHash);
        }

        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return fr.AsSpan().SequenceEqual(firstHash) && sr.AsSpan().SequenceEqual(secondHash) && sn == 0;
    }

    private static List<byte[]> SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(leaves, start, end)];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            var proof = SubProof(leaves, m, start, start + k, b);
            proof.Add(Mth(leaves, start + k, end));
            return proof;
        }
        else
        {
            var proof = SubProof(leaves, m - k, start + k, end, false);
            proof.Add(Mth(leaves, start, start + k));
            return proof;
        }
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);
}
