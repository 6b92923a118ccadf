// RFC 9162 sections 2.1.3.2 and 2.1.4.2 against the transparency-dev/merkle probe files
// (testdata/inclusion, testdata/consistency), read from ../shared/vectors/merkle at test time.
// Each file is JSON with base64 byte fields and wantErr; the verifier must agree with wantErr.
using System.Text.Json;
using Accord.Core.Log;
using Accord.Testing;

namespace Accord.Core.Tests.Log;

public sealed class MerkleVectorTests
{
    private const int InclusionFileCount = 98;
    private const int ConsistencyFileCount = 98;

    public static TheoryData<string> InclusionFiles() => Files("inclusion");

    public static TheoryData<string> ConsistencyFiles() => Files("consistency");

    /// <summary>The happy-path probes: proofs in trees of the 8 standard leaves.</summary>
    public static TheoryData<string> HappyInclusionFiles() =>
        Files("inclusion", f => ReadInclusion(f) is { WantErr: false, Desc: "happy path" });

    public static TheoryData<string> HappyConsistencyFiles() =>
        Files("consistency", f => ReadConsistency(f) is { WantErr: false, Desc: "happy path" });

    [Fact]
    public void Files_SharedFolders_HoldEveryProbe()
    {
        // Act
        var inclusion = ListFiles("inclusion");
        var consistency = ListFiles("consistency");

        // Assert
        Assert.Equal(InclusionFileCount, inclusion.Count);
        Assert.Equal(ConsistencyFileCount, consistency.Count);
        Assert.Contains(inclusion, f => ReadInclusion(f).WantErr is false);
        Assert.Contains(consistency, f => ReadConsistency(f).WantErr is false);
    }

    [Theory]
    [MemberData(nameof(InclusionFiles))]
    public void VerifyInclusion_ProbeFile_JudgedAsWantErrSays(string file)
    {
        // Arrange
        var p = ReadInclusion(file);

        // Act
        var error = Record.Exception(() => MerkleVerifier.VerifyInclusion(p.LeafIndex, p.TreeSize, p.LeafHash, p.Proof, p.Root));

        // Assert
        if (p.WantErr)
        {
            Assert.IsType<MerkleProofException>(error);
        }
        else
        {
            Assert.Null(error);
            Assert.Equal(p.Root, MerkleVerifier.RootFromInclusionProof(p.LeafIndex, p.TreeSize, p.LeafHash, p.Proof));
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyFiles))]
    public void VerifyConsistency_ProbeFile_JudgedAsWantErrSays(string file)
    {
        // Arrange
        var p = ReadConsistency(file);

        // Act
        var error = Record.Exception(() => MerkleVerifier.VerifyConsistency(p.Size1, p.Size2, p.Root1, p.Root2, p.Proof));

        // Assert
        if (p.WantErr)
        {
            Assert.IsType<MerkleProofException>(error);
        }
        else
        {
            Assert.Null(error);
        }
    }

    [Theory]
    [MemberData(nameof(HappyInclusionFiles))]
    public void InclusionProof_HappyPathProbe_TreeOfStandardLeavesGivesSameProofAndRoot(string file)
    {
        // Arrange
        var p = ReadInclusion(file);
        var tree = MerkleTestData.TreeOf(MerkleTestData.StandardLeafHashes);

        // Act
        var proof = tree.InclusionProof(p.LeafIndex, p.TreeSize);

        // Assert
        Assert.Equal(p.LeafHash, tree.GetNode(0, p.LeafIndex));
        Assert.Equal(p.Root, tree.RootAt(p.TreeSize));
        Assert.Equal(p.Proof, proof);
    }

    [Theory]
    [MemberData(nameof(HappyConsistencyFiles))]
    public void ConsistencyProof_HappyPathProbe_TreeOfStandardLeavesGivesSameProofAndRoots(string file)
    {
        // Arrange
        var p = ReadConsistency(file);
        var tree = MerkleTestData.TreeOf(MerkleTestData.StandardLeafHashes);

        // Act
        var proof = tree.ConsistencyProof(p.Size1, p.Size2);

        // Assert
        Assert.Equal(p.Root1, tree.RootAt(p.Size1));
        Assert.Equal(p.Root2, tree.RootAt(p.Size2));
        Assert.Equal(p.Proof, proof);
    }

    private static TheoryData<string> Files(string kind, Func<string, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var file in ListFiles(kind).Where(where ?? (_ => true)))
        {
            data.Add(file);
        }

        return data;
    }

    /// <summary>Paths relative to the shared vectors folder, e.g. merkle/inclusion/1/happy-path.json, sorted.</summary>
    private static List<string> ListFiles(string kind)
    {
        var folder = SharedFolder.Vector("merkle", kind);
        return
        [
            .. Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(SharedFolder.Vector(), f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal),
        ];
    }

    private static InclusionProbe ReadInclusion(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(SharedFolder.Vector(file)));
        var root = json.RootElement;
        return new InclusionProbe(
            Size(root, "leafIdx"),
            Size(root, "treeSize"),
            Bytes(root, "root"),
            Bytes(root, "leafHash"),
            Proof(root),
            root.GetProperty("desc").GetString() ?? "",
            root.GetProperty("wantErr").GetBoolean());
    }

    private static ConsistencyProbe ReadConsistency(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(SharedFolder.Vector(file)));
        var root = json.RootElement;
        return new ConsistencyProbe(
            Size(root, "size1"),
            Size(root, "size2"),
            Bytes(root, "root1"),
            Bytes(root, "root2"),
            Proof(root),
            root.GetProperty("desc").GetString() ?? "",
            root.GetProperty("wantErr").GetBoolean());
    }

    /// <summary>
    /// The files hold Go uint64 values; "leafIdx sub 1" from 0 wraps to 2^64 - 1. Reinterpreted as
    /// the API's long, such values become negative, which is just as out of range.
    /// </summary>
    private static long Size(JsonElement root, string name) => unchecked((long)root.GetProperty(name).GetUInt64());

    /// <summary>A base64 field; Go writes a nil slice as null, which is the empty byte string.</summary>
    private static byte[] Bytes(JsonElement root, string name)
    {
        var value = root.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? [] : value.GetBytesFromBase64();
    }

    /// <summary>The proof; Go writes a nil slice as null, which is the empty proof.</summary>
    private static byte[][] Proof(JsonElement root)
    {
        var value = root.GetProperty("proof");
        return value.ValueKind == JsonValueKind.Null ? [] : [.. value.EnumerateArray().Select(h => h.GetBytesFromBase64())];
    }

    private sealed record InclusionProbe(
        long LeafIndex, long TreeSize, byte[] Root, byte[] LeafHash, byte[][] Proof, string Desc, bool WantErr);

    private sealed record ConsistencyProbe(
        long Size1, long Size2, byte[] Root1, byte[] Root2, byte[][] Proof, string Desc, bool WantErr);
}
