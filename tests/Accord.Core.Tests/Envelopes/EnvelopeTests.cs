using System.Text;
using Accord.Core.Envelopes;
using Accord.Core.Keys;

namespace Accord.Core.Tests.Envelopes;

public sealed class EnvelopeTests : IDisposable
{
    private const string PayloadType = "application/vnd.accord.commitment+protobuf";

    private readonly PartyKeyPair labA = PartyKeyPair.Generate();
    private readonly PartyKeyPair labB = PartyKeyPair.Generate();
    private readonly byte[] payload = Encoding.UTF8.GetBytes("hello world");

    public void Dispose()
    {
        labA.Dispose();
        labB.Dispose();
    }

    [Fact]
    public void Verify_FreshlySigned_Valid()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        // Act
        var check = EnvelopeVerifier.Verify(envelope, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.Valid, check);
        Assert.Equal(PayloadType, envelope.PayloadType);
        Assert.Equal(payload, envelope.Payload);
        var signature = Assert.Single(envelope.Signatures);
        Assert.Equal(labA.KeyId, signature.KeyId);
        Assert.Equal(64, signature.Sig.Length);
    }

    [Fact]
    public void Verify_RebuiltFromReceivedParts_Valid()
    {
        // Arrange: what a server sees after taking the envelope apart on the wire.
        var sent = EnvelopeSigner.Sign(PayloadType, payload, labA);
        var received = new SignedEnvelope(
            new string(sent.PayloadType.AsSpan()),
            sent.Payload.ToArray(),
            [.. sent.Signatures.Select(s => new EnvelopeSignature(new string(s.KeyId.AsSpan()), s.Sig.ToArray()))]);

        // Act
        var check = EnvelopeVerifier.Verify(received, PartyPublicKey.FromBytes(labA.PublicKey.ToBytes()));

        // Assert
        Assert.Equal(EnvelopeCheck.Valid, check);
    }

    [Fact]
    public void Sign_Signature_IsEd25519OverPae()
    {
        // Act
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        // Assert
        Assert.True(labA.PublicKey.Verify(Pae.Encode(PayloadType, payload), envelope.Signatures[0].Sig));
        Assert.Equal(labA.Sign(Pae.Encode(PayloadType, payload)), envelope.Signatures[0].Sig);
    }

    [Fact]
    public void Sign_DocumentedExampleWithRfc8032Test1Key_GivesDocumentedSignature()
    {
        // Arrange: the worked example in docs/formats.md.
        using var key = PartyKeyPair.FromSeed(
            Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

        // Act
        var envelope = EnvelopeSigner.Sign("http://example.com/HelloWorld", "hello world"u8.ToArray(), key);

        // Assert
        var signature = Assert.Single(envelope.Signatures);
        Assert.Equal("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9", signature.KeyId);
        Assert.Equal(
            "e031d7dd99f8aa904abc48fb99a13c3bdbbd6e35c49cf2cb9f25d5509d8f5c947c0d22dc2f7403a45bdf24e8f7a41fd23c7b25e898386e8c6c31be8abee60007",
            Convert.ToHexStringLower(signature.Sig));
        Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(envelope, key.PublicKey));
    }

    [Fact]
    public void Sign_CallerMutatesPayloadAfterwards_EnvelopeUnchanged()
    {
        // Arrange
        var mine = payload.ToArray();
        var envelope = EnvelopeSigner.Sign(PayloadType, mine, labA);

        // Act
        mine[0] ^= 1;

        // Assert
        Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(envelope, labA.PublicKey));
    }

    [Fact]
    public void Verify_AnyBitOfPayloadTypeFlipped_BadSignature()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        for (var i = 0; i < PayloadType.Length; i++)
        {
            for (var bit = 0; bit < 7; bit++)
            {
                var chars = PayloadType.ToCharArray();
                chars[i] = (char)(chars[i] ^ (1 << bit));
                var tampered = envelope with { PayloadType = new string(chars) };

                // Act
                var check = EnvelopeVerifier.Verify(tampered, labA.PublicKey);

                // Assert
                Assert.Equal(EnvelopeCheck.BadSignature, check);
            }
        }
    }

    [Fact]
    public void Verify_AnyBitOfPayloadFlipped_BadSignature()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        for (var bit = 0; bit < payload.Length * 8; bit++)
        {
            var bytes = payload.ToArray();
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            var tampered = envelope with { Payload = bytes };

            // Act
            var check = EnvelopeVerifier.Verify(tampered, labA.PublicKey);

            // Assert
            Assert.Equal(EnvelopeCheck.BadSignature, check);
        }
    }

    [Fact]
    public void Verify_AnyBitOfSignatureFlipped_BadSignature()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);
        var sig = envelope.Signatures[0].Sig;

        for (var bit = 0; bit < sig.Length * 8; bit++)
        {
            var bytes = sig.ToArray();
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            var tampered = envelope with { Signatures = [new EnvelopeSignature(labA.KeyId, bytes)] };

            // Act
            var check = EnvelopeVerifier.Verify(tampered, labA.PublicKey);

            // Assert
            Assert.Equal(EnvelopeCheck.BadSignature, check);
        }
    }

    [Fact]
    public void Verify_PayloadTruncatedOrExtended_BadSignature()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        // Act
        var truncated = EnvelopeVerifier.Verify(envelope with { Payload = payload[..^1] }, labA.PublicKey);
        var extended = EnvelopeVerifier.Verify(envelope with { Payload = [.. payload, 0] }, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.BadSignature, truncated);
        Assert.Equal(EnvelopeCheck.BadSignature, extended);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_NoSignatureForKey()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labB);

        // Act
        var check = EnvelopeVerifier.Verify(envelope, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.NoSignatureForKey, check);
    }

    [Fact]
    public void Verify_OtherKeysSignatureUnderThisKeysId_BadSignature()
    {
        // Arrange
        var byB = EnvelopeSigner.Sign(PayloadType, payload, labB);
        var forged = byB with { Signatures = [new EnvelopeSignature(labA.KeyId, byB.Signatures[0].Sig)] };

        // Act
        var check = EnvelopeVerifier.Verify(forged, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.BadSignature, check);
    }

    [Fact]
    public void Verify_NoSignatures_NoSignatureForKey()
    {
        // Arrange
        var envelope = new SignedEnvelope(PayloadType, payload, []);

        // Act
        var check = EnvelopeVerifier.Verify(envelope, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.NoSignatureForKey, check);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Verify_SignatureOfWrongLength_BadSignature(int length)
    {
        // Arrange
        var envelope = new SignedEnvelope(PayloadType, payload, [new EnvelopeSignature(labA.KeyId, new byte[length])]);

        // Act
        var check = EnvelopeVerifier.Verify(envelope, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.BadSignature, check);
    }

    [Fact]
    public void AddSignature_SecondParty_BothVerifyAndThirdHasNone()
    {
        // Arrange
        var byA = EnvelopeSigner.Sign(PayloadType, payload, labA);
        using var labC = PartyKeyPair.Generate();

        // Act
        var byBoth = EnvelopeSigner.AddSignature(byA, labB);

        // Assert
        Assert.Equal(2, byBoth.Signatures.Count);
        Assert.Single(byA.Signatures);
        Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(byBoth, labA.PublicKey));
        Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(byBoth, labB.PublicKey));
        Assert.Equal(EnvelopeCheck.NoSignatureForKey, EnvelopeVerifier.Verify(byBoth, labC.PublicKey));
    }

    [Fact]
    public void AddSignature_SameKeyTwice_ThrowsInvalidOperationException()
    {
        // Arrange
        var byA = EnvelopeSigner.Sign(PayloadType, payload, labA);

        // Act
        var act = () => EnvelopeSigner.AddSignature(byA, labA);

        // Assert
        Assert.Throws<InvalidOperationException>(act);
    }

    [Fact]
    public void Verify_TwoSignaturesWithSameKeyId_Malformed()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);
        var doubled = envelope with { Signatures = [envelope.Signatures[0], envelope.Signatures[0]] };

        // Act
        var check = EnvelopeVerifier.Verify(doubled, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.Malformed, check);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key-id")]
    [InlineData("21FE31DFA154A261626BF854046FD2271B7BED4B6ABE45AA58877EF47F9721B9")]
    public void Verify_SignatureWithIllFormedKeyId_Malformed(string keyId)
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);
        var bad = envelope with { Signatures = [.. envelope.Signatures, new EnvelopeSignature(keyId, new byte[64])] };

        // Act
        var check = EnvelopeVerifier.Verify(bad, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.Malformed, check);
    }

    [Fact]
    public void Verify_NullMembers_Malformed()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        // Act
        var checks = new[]
        {
            EnvelopeVerifier.Verify(envelope with { PayloadType = null! }, labA.PublicKey),
            EnvelopeVerifier.Verify(envelope with { Payload = null! }, labA.PublicKey),
            EnvelopeVerifier.Verify(envelope with { Signatures = null! }, labA.PublicKey),
            EnvelopeVerifier.Verify(envelope with { Signatures = [null!] }, labA.PublicKey),
            EnvelopeVerifier.Verify(envelope with { Signatures = [new EnvelopeSignature(labA.KeyId, null!)] }, labA.PublicKey),
            EnvelopeVerifier.Verify(null!, labA.PublicKey),
        };

        // Assert
        Assert.All(checks, c => Assert.Equal(EnvelopeCheck.Malformed, c));
    }

    [Fact]
    public void Verify_PayloadTypeWithLoneSurrogate_Malformed()
    {
        // Arrange
        var envelope = EnvelopeSigner.Sign(PayloadType, payload, labA);

        // Act
        var check = EnvelopeVerifier.Verify(envelope with { PayloadType = "x\udc00" }, labA.PublicKey);

        // Assert
        Assert.Equal(EnvelopeCheck.Malformed, check);
    }
}
