// C2SP tlog-cosignature (c2sp.org/tlog-cosignature) cosignature/v1: signed message bytes,
// timestamped_signature layout, and who can and cannot verify.
using System.Buffers.Binary;
using System.Text;
using Accord.Core.Keys;
using Accord.Core.Notes;
using NoteOps = Accord.Core.Notes.Notes;

namespace Accord.Core.Tests.Notes;

public sealed class CosignatureTests : IDisposable
{
    // The spec example's time (its example cosignature carries the same timestamp, 0x641850cb).
    private const long SpecTime = 1679315147;

    private readonly PartyKeyPair witnessKey = PartyKeyPair.Generate();
    private readonly PartyKeyPair logKey = PartyKeyPair.Generate();

    public void Dispose()
    {
        witnessKey.Dispose();
        logKey.Dispose();
    }

    public static TheoryData<int> SignatureByteOffsets()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cosignatures.SignatureSize; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void SignedMessage_SpecExample_IsHeaderTimeLineThenBody()
    {
        // Arrange
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);

        // Act
        var message = Cosignatures.SignedMessage(checkpoint, SpecTime);

        // Assert: the example under "Ed25519 signed message" in c2sp.org/tlog-cosignature.
        Assert.Equal(
            "cosignature/v1\n" +
            "time 1679315147\n" +
            "example.com/behind-the-sofa\n" +
            "20852163\n" +
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void SignedMessage_WithExtensionsAndTimeZero_IncludesExtensionLines()
    {
        // Arrange
        var checkpoint = new Checkpoint("o", 1, new byte[32], ["x"]);

        // Act
        var message = Encoding.UTF8.GetString(Cosignatures.SignedMessage(checkpoint, 0));

        // Assert
        Assert.Equal("cosignature/v1\ntime 0\no\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nx\n", message);
    }

    [Fact]
    public void Cosign_Rfc8032Test1KeyAtSpecTime_GivesIndependentlyComputedLine()
    {
        // Arrange: expected line computed with Python's cryptography package (Ed25519 is
        // deterministic) from the spec's message layout, not with this code.
        using var key = NoteExamples.Rfc8032Test1Key();
        var witness = new NoteSigner("witness.example/w1", key, NoteKeyType.CosignatureV1);
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);

        // Act
        var cosignature = Cosignatures.Cosign(witness, checkpoint, DateTimeOffset.FromUnixTimeSeconds(SpecTime));

        // Assert
        Assert.Equal(
            "\u2014 witness.example/w1 63YswgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0yDXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==\n",
            cosignature.FormatLine());
        Assert.Equal(72, cosignature.Signature.Length);
        Assert.Equal((ulong)SpecTime, BinaryPrimitives.ReadUInt64BigEndian(cosignature.Signature));
    }

    [Fact]
    public void Verify_FreshCosignature_TrueAndTimestampRecovered()
    {
        // Arrange
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);
        var signedAt = new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2));

        // Act
        var cosignature = Cosignatures.Cosign(witness, checkpoint, signedAt);
        var valid = Cosignatures.Verify(NoteVerifier.Parse(witness.VerifierKey), checkpoint, cosignature, out var time);

        // Assert: whole seconds, as a POSIX timestamp.
        Assert.True(valid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(signedAt.ToUnixTimeSeconds()), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Theory]
    [InlineData("other size")]
    [InlineData("other root")]
    [InlineData("other origin")]
    [InlineData("extension added")]
    public void Verify_OtherCheckpoint_False(string scenario)
    {
        // Arrange
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);
        var checkpoint = new Checkpoint("example.com/log", 10, new byte[32]);
        var cosignature = Cosignatures.Cosign(witness, checkpoint, DateTimeOffset.UnixEpoch.AddDays(20000));
        var other = scenario switch
        {
            "other size" => checkpoint with { Size = 11 },
            "other root" => checkpoint with { RootHash = [1, .. new byte[31]] },
            "other origin" => checkpoint with { Origin = "example.com/log2" },
            _ => checkpoint with { Extensions = ["x"] },
        };

        // Act
        var valid = Cosignatures.Verify(witness.Verifier, other, cosignature, out var time);

        // Assert
        Assert.False(valid);
        Assert.Equal(default, time);
        Assert.True(Cosignatures.Verify(witness.Verifier, checkpoint, cosignature, out _));
    }

    [Theory]
    [MemberData(nameof(SignatureByteOffsets))]
    public void Verify_OneBitFlippedInSignature_False(int offset)
    {
        // Arrange
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);
        var cosignature = Cosignatures.Cosign(witness, checkpoint, DateTimeOffset.FromUnixTimeSeconds(SpecTime));

        for (var bit = 0; bit < 8; bit++)
        {
            var tampered = (byte[])cosignature.Signature.Clone();
            tampered[offset] ^= (byte)(1 << bit);

            // Act
            var valid = Cosignatures.Verify(witness.Verifier, checkpoint, cosignature with { Signature = tampered }, out _);

            // Assert
            Assert.False(valid, $"byte {offset} bit {bit}");
        }
    }

    [Fact]
    public void Verify_Ed25519TypeKeyOnCosignature_False()
    {
        // Arrange: the same key and name, as a plain Ed25519 (type 0x01) verifier.
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);
        var plain = NoteVerifier.Create("witness.example/w1", witnessKey.PublicKey, NoteKeyType.Ed25519);
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);
        var cosignature = Cosignatures.Cosign(witness, checkpoint, DateTimeOffset.FromUnixTimeSeconds(SpecTime));
        var note = new SignedNote(checkpoint.Body(), [cosignature]);

        // Act and Assert
        Assert.False(Cosignatures.Verify(plain, checkpoint, cosignature, out _));
        Assert.False(Cosignatures.Verify(plain, checkpoint, cosignature with { KeyId = plain.KeyId }, out _));
        Assert.False(plain.Verify(checkpoint.Body(), cosignature));
        Assert.False(plain.Verify(checkpoint.Body(), cosignature with { KeyId = plain.KeyId }));
        Assert.False(NoteOps.IsSignedBy(note, plain));
        Assert.True(NoteOps.IsSignedBy(note, witness.Verifier));
    }

    [Fact]
    public void Verify_CosignatureTypeKeyOnEd25519Signature_False()
    {
        // Arrange: a plain Ed25519 note signature by the same key and name.
        var plainSigner = new NoteSigner("witness.example/w1", witnessKey);
        var witness = NoteVerifier.Create("witness.example/w1", witnessKey.PublicKey, NoteKeyType.CosignatureV1);
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);
        var body = checkpoint.Body();
        var plain = plainSigner.Sign(body);
        var withTimestamp = new byte[72];
        BinaryPrimitives.WriteUInt64BigEndian(withTimestamp, (ulong)SpecTime);
        plain.Signature.CopyTo(withTimestamp, 8);

        // Act and Assert
        Assert.False(Cosignatures.Verify(witness, checkpoint, plain, out _));
        Assert.False(Cosignatures.Verify(witness, checkpoint, plain with { KeyId = witness.KeyId }, out _));
        Assert.False(Cosignatures.Verify(witness, checkpoint, new NoteSignature(witness.Name, witness.KeyId, withTimestamp), out _));
        Assert.False(witness.Verify(body, plain with { KeyId = witness.KeyId }));
        Assert.False(NoteOps.IsSignedBy(new SignedNote(body, [plain]), witness));
        Assert.True(NoteOps.IsSignedBy(new SignedNote(body, [plain]), plainSigner.Verifier));
    }

    [Fact]
    public void Cosign_Ed25519TypeSigner_ThrowsArgumentException()
    {
        // Arrange
        var plain = new NoteSigner("witness.example/w1", witnessKey);

        // Act and Assert
        Assert.Throws<ArgumentException>(() =>
            Cosignatures.Cosign(plain, Checkpoint.Parse(NoteExamples.CheckpointBody), DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Cosign_BeforeUnixEpoch_ThrowsArgumentOutOfRangeException()
    {
        // Arrange
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Cosignatures.Cosign(witness, Checkpoint.Parse(NoteExamples.CheckpointBody), DateTimeOffset.UnixEpoch.AddSeconds(-1)));
    }

    [Theory]
    [InlineData(0x8000000000000000ul)] // above 2^63 - 1, forbidden by the spec
    [InlineData(0xfffffffffffffffful)]
    [InlineData(253402300800ul)] // 10000-01-01, not representable
    public void Verify_TimestampOutOfRange_False(ulong timestamp)
    {
        // Arrange: a signature over the message the timestamp would give, so only the range fails.
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);
        var message = Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp}\n{checkpoint.Body()}");
        var signature = new byte[72];
        BinaryPrimitives.WriteUInt64BigEndian(signature, timestamp);
        witnessKey.Sign(message).CopyTo(signature, 8);

        // Act
        var valid = Cosignatures.Verify(witness.Verifier, checkpoint, new NoteSignature(witness.Name, witness.KeyId, signature), out _);

        // Assert
        Assert.False(valid);
    }

    [Fact]
    public void NotesSign_LogAndWitness_GivesCheckpointNoteBothVerify()
    {
        // Arrange
        var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(SpecTime));
        var log = new NoteSigner("example.com/behind-the-sofa", logKey);
        var witness = new NoteSigner("witness.example.com/w1", witnessKey, NoteKeyType.CosignatureV1, clock);

        // Act
        var note = SignedNote.Parse(NoteOps.Sign(NoteExamples.CheckpointBody, log, witness).Format());

        // Assert
        Assert.True(NoteOps.IsSignedBy(note, NoteVerifier.Parse(log.VerifierKey)));
        Assert.True(NoteOps.IsSignedBy(note, NoteVerifier.Parse(witness.VerifierKey)));
        Assert.True(Cosignatures.Verify(witness.Verifier, Checkpoint.Parse(note.Text), note.Signatures[1], out var time));
        Assert.Equal(SpecTime, time.ToUnixTimeSeconds());
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x64, 0x18, 0x50, 0xcb }, note.Signatures[1].Signature[..8]);
    }

    [Fact]
    public void NoteSignerSign_CosignerOnNonCheckpointText_ThrowsNoteFormatException()
    {
        // Arrange
        var witness = new NoteSigner("witness.example/w1", witnessKey, NoteKeyType.CosignatureV1);

        // Act and Assert
        Assert.Throws<NoteFormatException>(() => witness.Sign("hello\n"));
    }

    [Fact]
    public void Parse_SpecCosignedCheckpoint_KeepsBothSignaturesAndTimestamp()
    {
        // Act
        var note = SignedNote.Parse(NoteExamples.CosignedCheckpointNote);

        // Assert
        Assert.Equal(NoteExamples.CosignedCheckpointNote, note.Format());
        Assert.Equal(NoteExamples.CheckpointBody, note.Text);
        Assert.Equal(2, note.Signatures.Count);
        Assert.Equal(72, note.Signatures[1].Signature.Length);
        Assert.Equal((ulong)SpecTime, BinaryPrimitives.ReadUInt64BigEndian(note.Signatures[1].Signature));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
