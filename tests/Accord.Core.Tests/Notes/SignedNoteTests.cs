// C2SP signed-note (c2sp.org/signed-note) parsing, formatting, signing and verification,
// checked against the spec's example and golang.org/x/mod/sumdb/note's documented example.
using System.Text;
using Accord.Core.Keys;
using Accord.Core.Notes;
using NoteOps = Accord.Core.Notes.Notes;

namespace Accord.Core.Tests.Notes;

public sealed class SignedNoteTests
{
    private const string ValidSignature = "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=";

    public static TheoryData<int> ExampleNoteByteOffsets()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Encoding.UTF8.GetByteCount(NoteExamples.ExampleNote); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [InlineData(
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
        "This is an example message.\n")]
    [InlineData(
        NoteExamples.PeterNeumannVerifierKey,
        NoteExamples.PeterNeumannNote,
        NoteExamples.PeterNeumannText)]
    public void IsSignedBy_PublishedExample_Verifies(string verifierKey, string note, string expectedText)
    {
        // Arrange
        var verifier = NoteVerifier.Parse(verifierKey);

        // Act
        var parsed = SignedNote.Parse(note);
        var signed = NoteOps.IsSignedBy(parsed, verifier);

        // Assert
        Assert.True(signed);
        Assert.Equal(expectedText, parsed.Text);
        var signature = Assert.Single(parsed.Signatures);
        Assert.Equal(verifier.Name, signature.KeyName);
        Assert.Equal(verifier.KeyId, signature.KeyId);
        Assert.Equal(64, signature.Signature.Length);
    }

    [Theory]
    [MemberData(nameof(ExampleNoteByteOffsets))]
    public void IsSignedBy_ExampleWithAnyOneBitFlipped_IsRejectedOrDoesNotVerify(int offset)
    {
        // Arrange
        var verifier = NoteVerifier.Parse(NoteExamples.ExampleVerifierKey);
        var original = Encoding.UTF8.GetBytes(NoteExamples.ExampleNote);

        for (var bit = 0; bit < 8; bit++)
        {
            var tampered = (byte[])original.Clone();
            tampered[offset] ^= (byte)(1 << bit);

            // Act
            bool signed;
            try
            {
                signed = SignedNote.Parse(tampered).IsSignedBy(verifier);
            }
            catch (NoteFormatException)
            {
                signed = false;
            }

            // Assert
            Assert.False(signed, $"byte {offset} bit {bit} flipped still verifies");
        }
    }

    [Fact]
    public void Sign_GoDocumentationKeyAndText_GivesDocumentedNoteByteForByte()
    {
        // Arrange: golang.org/x/mod/sumdb/note's package example; Ed25519 is deterministic.
        using var key = NoteExamples.PeterNeumannKey();
        var signer = new NoteSigner("PeterNeumann", key);

        // Act
        var note = NoteOps.Sign(NoteExamples.PeterNeumannText, signer);

        // Assert
        Assert.Equal(NoteExamples.PeterNeumannVerifierKey, signer.VerifierKey);
        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(NoteExamples.PeterNeumannNote, note.Format());
        Assert.Equal(Encoding.UTF8.GetBytes(NoteExamples.PeterNeumannNote), note.ToBytes());
    }

    [Theory]
    [InlineData(NoteExamples.ExampleNote)]
    [InlineData(NoteExamples.PeterNeumannNote)]
    [InlineData(NoteExamples.CosignedCheckpointNote)]
    [InlineData( // golang.org/x/mod/sumdb/note documentation: the doubly signed note.
        NoteExamples.PeterNeumannText + "\n" +
        "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n" +
        "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n")]
    [InlineData( // c2sp.org/signed-note example: empty line and non-ASCII in the text.
        "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n\n" +
        "\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n")]
    [InlineData("a\n\n\n\u2014 k " + ValidSignature + "\n")] // text ending in an empty line
    [InlineData("\n\n\u2014 k " + ValidSignature + "\n")] // text that is one empty line, as Go accepts
    [InlineData("a\n\n\u2014 k " + ValidSignature + "\n\u2014 k " + ValidSignature + "\n")] // duplicates kept
    [InlineData("a\n\n\u2014 k AAAAAAA=\n")] // 5 bytes: key id and one signature byte
    [InlineData("\u2014 x\n\n\u2014 k\u00ff " + ValidSignature + "\n")]
    public void Format_ParsedNote_GivesInputBack(string note)
    {
        // Act
        var parsed = SignedNote.Parse(note);
        var formatted = parsed.Format();
        var reparsed = SignedNote.Parse(formatted);

        // Assert
        Assert.Equal(note, formatted);
        Assert.Equal(parsed, reparsed);
        Assert.Equal(parsed, SignedNote.Parse(Encoding.UTF8.GetBytes(note)));
    }

    [Fact]
    public void Parse_TextWithEmptyLines_SplitsAtLastBlankLine()
    {
        // Arrange
        var note = "a\n\nb\n\n\u2014 k " + ValidSignature + "\n";

        // Act
        var parsed = SignedNote.Parse(note);

        // Assert
        Assert.Equal("a\n\nb\n", parsed.Text);
        var signature = Assert.Single(parsed.Signatures);
        Assert.Equal("k", signature.KeyName);
        Assert.Equal(0x530d903au, signature.KeyId);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("no blank line", "text\n\u2014 k " + ValidSignature + "\n")]
    [InlineData("no signature", "text\n\n")]
    [InlineData("blank line after the signatures", "text\n\n\u2014 k " + ValidSignature + "\n\n")]
    [InlineData("no final newline", "text\n\n\u2014 k " + ValidSignature)]
    [InlineData("carriage return", "text\r\n\n\u2014 k " + ValidSignature + "\n")]
    [InlineData("CRLF line ends", "text\r\n\r\n\u2014 k " + ValidSignature + "\r\n")]
    [InlineData("tab", "te\txt\n\n\u2014 k " + ValidSignature + "\n")]
    [InlineData("NUL", "te\0xt\n\n\u2014 k " + ValidSignature + "\n")]
    [InlineData("hyphens for the em dash", "text\n\n-- k " + ValidSignature + "\n")]
    [InlineData("en dash", "text\n\n\u2013 k " + ValidSignature + "\n")]
    [InlineData("no space after the dash", "text\n\n\u2014k " + ValidSignature + "\n")]
    [InlineData("empty key name", "text\n\n\u2014  " + ValidSignature + "\n")]
    [InlineData("plus in the key name", "text\n\n\u2014 a+b " + ValidSignature + "\n")]
    [InlineData("no-break space in the key name", "text\n\n\u2014 a\u00a0b " + ValidSignature + "\n")]
    [InlineData("ideographic space in the key name", "text\n\n\u2014 a\u3000b " + ValidSignature + "\n")]
    [InlineData("no signature after the name", "text\n\n\u2014 k\n")]
    [InlineData("empty signature", "text\n\n\u2014 k \n")]
    [InlineData("space after the signature", "text\n\n\u2014 k " + ValidSignature + " \n")]
    [InlineData("signature not base64", "text\n\n\u2014 k !!!!\n")]
    [InlineData("signature unpadded", "text\n\n\u2014 k Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM\n")]
    [InlineData("signature with non-zero pad bits", "text\n\n\u2014 k Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQN=\n")]
    [InlineData("signature url-safe base64", "text\n\n\u2014 k Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM_\n")]
    [InlineData("signature of 4 bytes (key id only)", "text\n\n\u2014 k AAAAAA==\n")]
    [InlineData("a line that is not a signature", "text\n\n\u2014 k " + ValidSignature + "\nnot a signature\n")]
    public void Parse_Malformed_ThrowsNoteFormatException(string scenario, string note)
    {
        // Act
        var exception = Record.Exception(() => SignedNote.Parse(note));

        // Assert
        Assert.True(exception is NoteFormatException, $"{scenario}: got {exception?.GetType().Name ?? "no exception"}");
        var formatException = Assert.IsType<NoteFormatException>(exception);
        Assert.StartsWith("Signed note", formatException.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xd800, "text")] // high surrogate alone (attribute data cannot carry it, so it is built here)
    [InlineData(0xdc00, "text")] // low surrogate alone
    [InlineData(0xd800, "key name")]
    public void Parse_UnpairedSurrogate_ThrowsNoteFormatException(int surrogate, string where)
    {
        // Arrange
        var lone = ((char)surrogate).ToString();
        var note = where == "text"
            ? "te" + lone + "xt\n\n\u2014 k " + ValidSignature + "\n"
            : "text\n\n\u2014 k" + lone + " " + ValidSignature + "\n";

        // Act
        var exception = Assert.Throws<NoteFormatException>(() => SignedNote.Parse(note));

        // Assert
        Assert.Contains("UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8Bytes_ThrowsNoteFormatException()
    {
        // Arrange
        var bytes = Encoding.UTF8.GetBytes(NoteExamples.ExampleNote);
        bytes[2] = 0xff;

        // Act
        var exception = Assert.Throws<NoteFormatException>(() => SignedNote.Parse(bytes));

        // Assert
        Assert.Contains("UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(101, true)]
    public void Parse_SignatureCount_LimitIs100(int count, bool rejected)
    {
        // Arrange
        var note = "text\n\n" + string.Concat(Enumerable.Repeat("\u2014 k " + ValidSignature + "\n", count));

        // Act
        var exception = Record.Exception(() => SignedNote.Parse(note));

        // Assert
        Assert.Equal(rejected, exception is NoteFormatException);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Parse_Size_LimitIsOneMebibyte(int over, bool rejected)
    {
        // Arrange: a note of exactly MaxNoteBytes + over UTF-8 bytes, the text padded with 'x'.
        var signatureBlock = "\n\u2014 k " + ValidSignature + "\n";
        var fixedBytes = Encoding.UTF8.GetByteCount(signatureBlock) + 1;
        var note = new string('x', SignedNote.MaxNoteBytes + over - fixedBytes) + "\n" + signatureBlock;

        // Act
        var exception = Record.Exception(() => SignedNote.Parse(note));

        // Assert
        Assert.Equal(SignedNote.MaxNoteBytes + over, Encoding.UTF8.GetByteCount(note));
        Assert.Equal(rejected, exception is NoteFormatException);
    }

    [Theory]
    [InlineData("no final newline", "text")]
    [InlineData("carriage return", "text\r\n")]
    [InlineData("empty", "")]
    public void Sign_InvalidText_ThrowsNoteFormatException(string scenario, string text)
    {
        // Arrange
        using var key = PartyKeyPair.Generate();
        var signer = new NoteSigner("example.com/log", key);

        // Act
        var exception = Record.Exception(() => NoteOps.Sign(text, signer));

        // Assert
        Assert.True(exception is NoteFormatException, scenario);
    }

    [Theory]
    [InlineData("no signatures")]
    [InlineData("text without final newline")]
    [InlineData("invalid key name")]
    [InlineData("empty signature bytes")]
    public void Format_InvalidNote_ThrowsNoteFormatException(string scenario)
    {
        // Arrange
        var good = new NoteSignature("k", 1, [1, 2, 3]);
        var note = scenario switch
        {
            "no signatures" => new SignedNote("text\n", []),
            "text without final newline" => new SignedNote("text", [good]),
            "invalid key name" => new SignedNote("text\n", [good with { KeyName = "a b" }]),
            _ => new SignedNote("text\n", [good with { Signature = [] }]),
        };

        // Act and Assert
        Assert.Throws<NoteFormatException>(note.Format);
    }

    [Fact]
    public void IsSignedBy_SignaturesByOtherKeys_AreIgnored()
    {
        // Arrange
        using var logKey = PartyKeyPair.Generate();
        using var otherKey = PartyKeyPair.Generate();
        var log = new NoteSigner("example.com/log", logKey);
        var sameNameOtherKey = new NoteSigner("example.com/log", otherKey);
        var otherName = new NoteSigner("example.com/other", otherKey);
        var note = NoteOps.Sign("hello\n", otherName, sameNameOtherKey, log);

        // Act
        var byLog = NoteOps.IsSignedBy(note, log.Verifier);
        var byParsedKey = NoteOps.IsSignedBy(SignedNote.Parse(note.Format()), NoteVerifier.Parse(log.VerifierKey));

        // Assert
        Assert.True(byLog);
        Assert.True(byParsedKey);
        Assert.Equal(3, note.Signatures.Count);
    }

    [Fact]
    public void IsSignedBy_NoSignatureByTheKey_False()
    {
        // Arrange
        using var logKey = PartyKeyPair.Generate();
        using var otherKey = PartyKeyPair.Generate();
        var log = new NoteSigner("example.com/log", logKey);
        var note = NoteOps.Sign("hello\n", new NoteSigner("example.com/log", otherKey), new NoteSigner("example.com/other", logKey));

        // Act
        var signed = NoteOps.IsSignedBy(note, log.Verifier);

        // Assert
        Assert.False(signed);
    }

    [Fact]
    public void IsSignedBy_SameNameSameKeyOtherType_False()
    {
        // Arrange: the key id covers the type byte, so a 0x04 key does not match 0x01 signatures.
        using var key = PartyKeyPair.Generate();
        var note = NoteOps.Sign("hello\n", new NoteSigner("example.com/log", key));

        // Act
        var signed = NoteOps.IsSignedBy(note, NoteVerifier.Create("example.com/log", key.PublicKey, NoteKeyType.CosignatureV1));

        // Assert
        Assert.False(signed);
    }

    [Fact]
    public void IsSignedBy_OneMatchingSignatureBadAnotherGood_False()
    {
        // Arrange: c2sp.org/signed-note says a failing known-key signature SHOULD reject the note.
        using var key = PartyKeyPair.Generate();
        var signer = new NoteSigner("example.com/log", key);
        var good = signer.Sign("hello\n");
        var bad = good with { Signature = [.. good.Signature.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b)] };
        var note = new SignedNote("hello\n", [good, bad]);

        // Act
        var signed = NoteOps.IsSignedBy(note, signer.Verifier);

        // Assert
        Assert.False(signed);
        Assert.True(NoteOps.IsSignedBy(note with { Signatures = [good] }, signer.Verifier));
    }

    [Fact]
    public void IsSignedBy_SignatureMovedToOtherText_False()
    {
        // Arrange
        var verifier = NoteVerifier.Parse(NoteExamples.ExampleVerifierKey);
        var example = SignedNote.Parse(NoteExamples.ExampleNote);

        // Act
        var signed = NoteOps.IsSignedBy(example with { Text = "This is an example message!\n" }, verifier);

        // Assert
        Assert.False(signed);
    }

    [Fact]
    public void ParseLine_FormattedLine_RoundTrips()
    {
        // Arrange
        var line = "\u2014 example.com/foo " + ValidSignature + "\n";

        // Act
        var signature = NoteSignature.ParseLine(line);

        // Assert
        Assert.Equal(line, signature.FormatLine());
        Assert.Equal(signature, NoteSignature.ParseLine(line[..^1]));
        Assert.Throws<NoteFormatException>(() => NoteSignature.ParseLine(line + line));
    }
}
