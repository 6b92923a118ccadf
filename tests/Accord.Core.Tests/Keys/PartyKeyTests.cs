using System.Text;
using Accord.Core.Keys;

namespace Accord.Core.Tests.Keys;

public sealed class PartyKeyTests
{
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Test1PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    [Fact]
    public void KeyIdsOf_Rfc8032Test1PublicKey_IsLowercaseHexSha256()
    {
        // Arrange
        var publicKey = Convert.FromHexString(Rfc8032Test1PublicKey);

        // Act
        var keyId = KeyIds.Of(publicKey);

        // Assert (sha256sum of the 32 raw bytes)
        Assert.Equal("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9", keyId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void KeyIdsOf_WrongLength_Throws(int length)
    {
        // Arrange
        var bytes = new byte[length];

        // Act
        var act = () => KeyIds.Of(bytes);

        // Assert
        Assert.Throws<ArgumentException>(act);
    }

    [Theory]
    [InlineData("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9", true)]
    [InlineData("21FE31DFA154A261626BF854046FD2271B7BED4B6ABE45AA58877EF47F9721B9", false)]
    [InlineData("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b", false)]
    [InlineData("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721bg", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void KeyIdsIsWellFormed_Candidate_JudgedByFormat(string? keyId, bool expected)
    {
        // Act
        var actual = KeyIds.IsWellFormed(keyId);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void PublicKeyFromBytes_WrongLength_ThrowsFormatException(int length)
    {
        // Arrange
        var bytes = new byte[length];

        // Act
        var act = () => PartyPublicKey.FromBytes(bytes);

        // Assert
        Assert.Throws<FormatException>(act);
    }

    [Fact]
    public void PublicKeyToBytes_Mutated_DoesNotChangeKey()
    {
        // Arrange
        var key = PartyPublicKey.FromBytes(Convert.FromHexString(Rfc8032Test1PublicKey));

        // Act
        var copy = key.ToBytes();
        copy[0] ^= 0xff;

        // Assert
        Assert.Equal(Rfc8032Test1PublicKey, Convert.ToHexStringLower(key.ToBytes()));
    }

    [Fact]
    public void PublicKeyEquals_SameBytes_EqualAndSameHash()
    {
        // Arrange
        var a = PartyPublicKey.FromBytes(Convert.FromHexString(Rfc8032Test1PublicKey));
        var b = PartyPublicKey.FromBytes(Convert.FromHexString(Rfc8032Test1PublicKey));
        using var other = PartyKeyPair.Generate();

        // Act
        var same = a.Equals(b) && a == b;
        var different = a.Equals(other.PublicKey) || a == other.PublicKey;

        // Assert
        Assert.True(same);
        Assert.False(different);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(128)]
    public void PublicKeyVerify_SignatureOfWrongLength_ReturnsFalse(int length)
    {
        // Arrange
        using var key = PartyKeyPair.Generate();
        var message = Encoding.UTF8.GetBytes("message");
        var signature = key.Sign(message);
        var resized = new byte[length];
        signature.AsSpan(0, Math.Min(length, signature.Length)).CopyTo(resized);

        // Act
        var verified = key.PublicKey.Verify(message, resized);

        // Assert
        Assert.False(verified);
    }

    [Fact]
    public void PublicKeyVerify_AllOnesSignatureAndKey_ReturnsFalseWithoutThrowing()
    {
        // Arrange: y = 2^255 - 1 is not a canonical point encoding; S is far above L.
        var key = PartyPublicKey.FromBytes(Enumerable.Repeat((byte)0xff, 32).ToArray());
        var signature = Enumerable.Repeat((byte)0xff, 64).ToArray();

        // Act
        var verified = key.Verify([1, 2, 3], signature);

        // Assert
        Assert.False(verified);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void KeyPairFromSeed_WrongLength_ThrowsFormatException(int length)
    {
        // Arrange
        var seed = new byte[length];

        // Act
        var act = () => PartyKeyPair.FromSeed(seed);

        // Assert
        Assert.Throws<FormatException>(act);
    }

    [Fact]
    public void KeyPairGenerate_SignThenVerify_Verifies()
    {
        // Arrange
        using var key = PartyKeyPair.Generate();
        var message = Encoding.UTF8.GetBytes("commit 10^25 FLOP");

        // Act
        var signature = key.Sign(message);

        // Assert
        Assert.Equal(64, signature.Length);
        Assert.True(key.PublicKey.Verify(message, signature));
        Assert.False(key.PublicKey.Verify(Encoding.UTF8.GetBytes("commit 10^26 FLOP"), signature));
        Assert.Equal(KeyIds.Of(key.PublicKey.ToBytes()), key.KeyId);
    }

    [Fact]
    public void KeyPairGenerate_Twice_GivesDifferentKeys()
    {
        // Arrange
        using var a = PartyKeyPair.Generate();
        using var b = PartyKeyPair.Generate();

        // Act
        var equal = a.PublicKey == b.PublicKey;

        // Assert
        Assert.False(equal);
    }

    [Fact]
    public void KeyPairToString_Rfc8032Test1_NamesKeyIdAndNoKeyMaterial()
    {
        // Arrange
        var seed = Convert.FromHexString(Rfc8032Test1Seed);
        using var key = PartyKeyPair.FromSeed(seed);

        // Act
        var text = key.ToString();

        // Assert
        Assert.Equal("PartyKeyPair(21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9)", text);
        Assert.DoesNotContain(Rfc8032Test1Seed, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(seed), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Rfc8032Test1PublicKey, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeyPairSign_AfterDispose_ThrowsObjectDisposedException()
    {
        // Arrange
        var key = PartyKeyPair.Generate();
        key.Dispose();

        // Act
        var act = () => key.Sign([1]);

        // Assert
        Assert.Throws<ObjectDisposedException>(act);
    }
}
