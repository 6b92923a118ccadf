// C2SP signed-note (c2sp.org/signed-note) key ids SHA-256(name || 0x0A || type || key)[:4] and
// verifier keys "<name>+<hex8>+base64(type || key)", as golang.org/x/mod/sumdb/note.
using Accord.Core.Keys;
using Accord.Core.Notes;

namespace Accord.Core.Tests.Notes;

public sealed class NoteKeyTests
{
    [Theory]
    [InlineData("example.com/foo", NoteKeyType.Ed25519, "e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4", 0x530d903au)]
    [InlineData("PeterNeumann", NoteKeyType.Ed25519, "", 0xc74f20a3u)]
    [InlineData("witness.example/w1", NoteKeyType.Ed25519, NoteExamples.Rfc8032Test1PublicKey, 0x6d141fc1u)]
    [InlineData("witness.example/w1", NoteKeyType.CosignatureV1, NoteExamples.Rfc8032Test1PublicKey, 0xeb762cc2u)]
    public void KeyId_NameTypeAndKey_IsFirstFourBytesOfSha256(string name, NoteKeyType type, string publicKeyHex, uint expected)
    {
        // Arrange: an empty hex string means the key of the Go documentation example.
        var publicKey = publicKeyHex.Length == 0
            ? NoteVerifier.Parse(NoteExamples.PeterNeumannVerifierKey).PublicKey
            : PartyPublicKey.FromBytes(Convert.FromHexString(publicKeyHex));
        var input = new List<byte>(System.Text.Encoding.UTF8.GetBytes(name)) { 0x0A, (byte)type };
        input.AddRange(publicKey.ToBytes());
        var sha = System.Security.Cryptography.SHA256.HashData(input.ToArray());

        // Act
        var keyId = NoteVerifier.Create(name, publicKey, type).KeyId;

        // Assert
        Assert.Equal(expected, keyId);
        Assert.Equal(Convert.ToHexStringLower(sha[..4]), expected.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void KeyId_ExampleVerifierKeyData_MatchesPublishedPublicKey()
    {
        // Act
        var verifier = NoteVerifier.Parse(NoteExamples.ExampleVerifierKey);

        // Assert: the hex used above is the example key's public key.
        Assert.Equal("e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4", Convert.ToHexStringLower(verifier.PublicKey.ToBytes()));
        Assert.Equal("example.com/foo", verifier.Name);
        Assert.Equal(NoteKeyType.Ed25519, verifier.Type);
    }

    [Theory]
    [InlineData(NoteExamples.ExampleVerifierKey)]
    [InlineData(NoteExamples.PeterNeumannVerifierKey)]
    [InlineData("witness.example/w1+6d141fc1+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea")]
    [InlineData("witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea")]
    public void VerifierKey_Parsed_RoundTrips(string verifierKey)
    {
        // Act
        var verifier = NoteVerifier.Parse(verifierKey);
        var rebuilt = NoteVerifier.Create(verifier.Name, verifier.PublicKey, verifier.Type);

        // Assert
        Assert.Equal(verifierKey, verifier.VerifierKey);
        Assert.Equal(verifierKey, verifier.ToString());
        Assert.Equal(verifierKey, rebuilt.VerifierKey);
        Assert.Equal(verifier.KeyId, rebuilt.KeyId);
    }

    [Fact]
    public void Parse_UpperCaseKeyId_AcceptedAsGoDoesAndCanonicalizedToLowerCase()
    {
        // Act
        var verifier = NoteVerifier.Parse("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");

        // Assert
        Assert.Equal(NoteExamples.ExampleVerifierKey, verifier.VerifierKey);
    }

    [Fact]
    public void NoteSigner_Rfc8032Test1KeyAsWitness_GivesIndependentlyComputedVerifierKeys()
    {
        // Arrange
        using var key = NoteExamples.Rfc8032Test1Key();

        // Act
        var plain = new NoteSigner("witness.example/w1", key);
        var cosigner = new NoteSigner("witness.example/w1", key, NoteKeyType.CosignatureV1);

        // Assert
        Assert.Equal("witness.example/w1+6d141fc1+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea", plain.VerifierKey);
        Assert.Equal("witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea", cosigner.VerifierKey);
        Assert.Equal(NoteKeyType.CosignatureV1, cosigner.Type);
        Assert.Equal(0xeb762cc2u, cosigner.KeyId);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("no plus", "example.com/foo")]
    [InlineData("one plus", "example.com/foo+530d903a")]
    [InlineData("empty name", "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("space in name", "example.com/ foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("control character in name", "example.com/\u0001foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("7 hex digits", "example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("9 hex digits", "example.com/foo+530d903a0+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("non-hex key id", "example.com/foo+530d903g+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("0x key id", "example.com/foo+0x0d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("key id mismatch", "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("key id of another name", "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("key id of the other type", "witness.example/w1+6d141fc1+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea")]
    [InlineData("unknown type 0x02", "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("unknown type 0x06", "example.com/foo+530d903a+BukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("empty key data", "example.com/foo+530d903a+")]
    [InlineData("type byte only", "example.com/foo+530d903a+AQ==")]
    [InlineData("31-byte key", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U0=")]
    [InlineData("33-byte key", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2kAA==")]
    [InlineData("not base64", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2!")]
    [InlineData("whitespace in base64", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKa ANYcrnKv3U2k")]
    [InlineData("trailing newline", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k\n")]
    [InlineData("signer key", "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")]
    public void Parse_MalformedVerifierKey_ThrowsNoteFormatException(string scenario, string verifierKey)
    {
        // Act
        var exception = Record.Exception(() => NoteVerifier.Parse(verifierKey));

        // Assert
        Assert.True(exception is NoteFormatException, $"{scenario}: got {exception?.GetType().Name ?? "no exception"}");
        var formatException = Assert.IsType<NoteFormatException>(exception);
        Assert.StartsWith("Verifier key:", formatException.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("a\nb")]
    [InlineData("a\u2028b")]
    public void NoteSigner_InvalidName_ThrowsArgumentException(string name)
    {
        // Arrange
        using var key = PartyKeyPair.Generate();

        // Act and Assert
        Assert.Throws<ArgumentException>(() => new NoteSigner(name, key));
        Assert.Throws<ArgumentException>(() => NoteVerifier.Create(name, key.PublicKey));
    }

    [Fact]
    public void NoteSigner_UnsupportedType_ThrowsArgumentException()
    {
        // Arrange
        using var key = PartyKeyPair.Generate();

        // Act and Assert
        Assert.Throws<ArgumentException>(() => new NoteSigner("example.com/log", key, (NoteKeyType)0x02));
    }

    [Fact]
    public void Verify_SignatureUnderOtherNameOrKeyId_False()
    {
        // Arrange
        using var key = PartyKeyPair.Generate();
        var signer = new NoteSigner("example.com/log", key);
        var signature = signer.Sign("hello\n");

        // Act and Assert
        Assert.True(signer.Verifier.Verify("hello\n", signature));
        Assert.False(signer.Verifier.Verify("hello\n", signature with { KeyName = "example.com/other" }));
        Assert.False(signer.Verifier.Verify("hello\n", signature with { KeyId = signature.KeyId ^ 1 }));
        Assert.False(signer.Verifier.Verify("hello!\n", signature));
    }
}
