// C2SP tlog-proof (c2sp.org/tlog-proof): header, optional extra line, index line, inclusion
// hashes, empty line, signed checkpoint; parse and format byte for byte.
using Accord.Core.Keys;
using Accord.Core.Notes;

namespace Accord.Core.Tests.Notes;

public sealed class TlogProofTests
{
    // The header lines of the c2sp.org/tlog-proof example (its signatures are elided there,
    // so the checkpoint here is the c2sp.org/tlog-cosignature example instead).
    private const string SpecHead =
        "c2sp.org/tlog-proof@v1\n" +
        "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n" +
        "index 73894\n" +
        "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n" +
        "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n" +
        "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n" +
        "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n" +
        "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n" +
        "\n";

    private const string SpecShaped = SpecHead + NoteExamples.CosignedCheckpointNote;

    private const string Hash = "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=";

    [Fact]
    public void Parse_SpecShapedProof_GivesFields()
    {
        // Act
        var proof = TlogProof.Parse(SpecShaped);

        // Assert
        Assert.Equal(73894, proof.Index);
        Assert.Equal(5, proof.InclusionHashes.Count);
        Assert.Equal(Convert.FromBase64String(Hash), proof.InclusionHashes[0]);
        Assert.Equal(["YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ"], proof.Extra);
        Assert.Equal(Convert.FromBase64String("YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ"), proof.ExtraData());
        Assert.Equal(SignedNote.Parse(NoteExamples.CosignedCheckpointNote), proof.Checkpoint);
        Assert.Equal(20852163, proof.CheckpointBody().Size);
    }

    [Theory]
    [InlineData(SpecShaped)]
    [InlineData("c2sp.org/tlog-proof@v1\nindex 0\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("c2sp.org/tlog-proof@v1\nextra \nindex 9223372036854775807\n" + Hash + "\n\n" + NoteExamples.CheckpointBody + "\n" + NoteExamples.CheckpointLogSignature)]
    public void Format_ParsedProof_GivesInputBack(string text)
    {
        // Act
        var proof = TlogProof.Parse(text);
        var formatted = proof.Format();

        // Assert
        Assert.Equal(text, formatted);
        Assert.Equal(proof, TlogProof.Parse(formatted));
    }

    [Fact]
    public void Format_SignedProof_IsExactLayoutAndParsesBack()
    {
        // Arrange
        using var logKey = PartyKeyPair.Generate();
        using var witnessKey = PartyKeyPair.Generate();
        var log = new NoteSigner("example.com/log", logKey);
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);
        var checkpoint = new Checkpoint("example.com/log", 8, Convert.FromHexString("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));
        var note = Accord.Core.Notes.Notes.Sign(checkpoint.Body(), log, witness);
        byte[][] hashes = [new byte[32], Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()];
        var proof = TlogProof.WithExtraData(3, hashes, note, "hi"u8.ToArray());

        // Act
        var text = proof.Format();
        var parsed = TlogProof.Parse(text);

        // Assert
        Assert.Equal(
            "c2sp.org/tlog-proof@v1\n" +
            "extra aGk=\n" +
            "index 3\n" +
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n" +
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n" +
            "\n" +
            note.Format(),
            text);
        Assert.Equal(proof, parsed);
        Assert.Equal("hi"u8.ToArray(), parsed.ExtraData());
        Assert.True(parsed.Checkpoint.IsSignedBy(NoteVerifier.Parse(log.VerifierKey)));
        Assert.True(parsed.Checkpoint.IsSignedBy(NoteVerifier.Parse(witness.VerifierKey)));
        Assert.Equal(checkpoint, parsed.CheckpointBody());
    }

    [Fact]
    public void Format_NoExtra_OmitsExtraLine()
    {
        // Arrange
        var proof = new TlogProof(7, [], SignedNote.Parse(NoteExamples.CosignedCheckpointNote));

        // Act
        var text = proof.Format();

        // Assert
        Assert.Equal("c2sp.org/tlog-proof@v1\nindex 7\n\n" + NoteExamples.CosignedCheckpointNote, text);
        Assert.Null(proof.ExtraData());
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("no header", "index 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("other version", "c2sp.org/tlog-proof@v2\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("header with CR", "c2sp.org/tlog-proof@v1\r\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("header only", "c2sp.org/tlog-proof@v1\n")]
    [InlineData("no index", "c2sp.org/tlog-proof@v1\n" + Hash + "\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("index without space", "c2sp.org/tlog-proof@v1\nindex1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("index with two spaces", "c2sp.org/tlog-proof@v1\nindex  1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("index leading zero", "c2sp.org/tlog-proof@v1\nindex 01\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("index negative", "c2sp.org/tlog-proof@v1\nindex -1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("index 2^63", "c2sp.org/tlog-proof@v1\nindex 9223372036854775808\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("index with CR", "c2sp.org/tlog-proof@v1\nindex 1\r\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("extra without space", "c2sp.org/tlog-proof@v1\nextraaGk=\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("extra not base64", "c2sp.org/tlog-proof@v1\nextra !!!!\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("extra unpadded", "c2sp.org/tlog-proof@v1\nextra aGk\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("two extra lines", "c2sp.org/tlog-proof@v1\nextra aGk=\nextra aGk=\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("extra after index", "c2sp.org/tlog-proof@v1\nindex 1\nextra aGk=\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("hash of 31 bytes", "c2sp.org/tlog-proof@v1\nindex 1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("hash in hex", "c2sp.org/tlog-proof@v1\nindex 1\n0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("hash with non-zero pad bits", "c2sp.org/tlog-proof@v1\nindex 1\ngSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlR=\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("no empty line", "c2sp.org/tlog-proof@v1\nindex 1\n" + Hash + "\n")]
    [InlineData("no empty line before checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("no checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\n")]
    [InlineData("unsigned checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\n" + NoteExamples.CheckpointBody)]
    [InlineData("note that is not a checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\n" + NoteExamples.ExampleNote)]
    [InlineData("two empty lines", "c2sp.org/tlog-proof@v1\nindex 1\n\n\n" + NoteExamples.CosignedCheckpointNote)]
    [InlineData("text after the checkpoint", "c2sp.org/tlog-proof@v1\nindex 1\n\n" + NoteExamples.CosignedCheckpointNote + "more\n")]
    [InlineData("no final newline", "c2sp.org/tlog-proof@v1\nindex 1\n\n" + NoteExamples.CheckpointBody + "\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=")]
    public void Parse_Malformed_ThrowsNoteFormatException(string scenario, string text)
    {
        // Act
        var exception = Record.Exception(() => TlogProof.Parse(text));

        // Assert
        Assert.True(exception is NoteFormatException, $"{scenario}: got {exception?.GetType().Name ?? "no exception"}");
        var formatException = Assert.IsType<NoteFormatException>(exception);
        Assert.StartsWith("Tlog proof:", formatException.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(63, false)]
    [InlineData(64, true)]
    public void Parse_HashCount_LimitIs63(int count, bool rejected)
    {
        // Arrange
        var text = "c2sp.org/tlog-proof@v1\nindex 1\n" + string.Concat(Enumerable.Repeat(Hash + "\n", count)) + "\n" + NoteExamples.CosignedCheckpointNote;

        // Act
        var exception = Record.Exception(() => TlogProof.Parse(text));

        // Assert
        Assert.Equal(rejected, exception is NoteFormatException);
    }

    [Theory]
    [InlineData("negative index")]
    [InlineData("two extras")]
    [InlineData("extra not base64")]
    [InlineData("short hash")]
    [InlineData("64 hashes")]
    [InlineData("checkpoint text not a checkpoint")]
    public void Format_InvalidProof_ThrowsNoteFormatException(string scenario)
    {
        // Arrange
        var good = new TlogProof(1, [new byte[32]], SignedNote.Parse(NoteExamples.CosignedCheckpointNote));
        var proof = scenario switch
        {
            "negative index" => good with { Index = -1 },
            "two extras" => good with { Extra = ["aGk=", "aGk="] },
            "extra not base64" => good with { Extra = ["aGk"] },
            "short hash" => good with { InclusionHashes = [new byte[31]] },
            "64 hashes" => good with { InclusionHashes = [.. Enumerable.Repeat(new byte[32], 64)] },
            _ => good with { Checkpoint = SignedNote.Parse(NoteExamples.ExampleNote) },
        };

        // Act and Assert
        Assert.Throws<NoteFormatException>(proof.Format);
    }
}
