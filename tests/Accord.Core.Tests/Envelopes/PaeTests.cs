// DSSE v1 PAE known answers (github.com/secure-systems-lab/dsse, protocol.md).
using System.Text;
using Accord.Core.Envelopes;

namespace Accord.Core.Tests.Envelopes;

public sealed class PaeTests
{
    [Theory]
    [InlineData("http://example.com/HelloWorld", "hello world", "DSSEv1 29 http://example.com/HelloWorld 11 hello world")]
    [InlineData("", "", "DSSEv1 0  0 ")]
    [InlineData("application/vnd.accord.report+protobuf", "", "DSSEv1 38 application/vnd.accord.report+protobuf 0 ")]
    [InlineData("type/é", "x y", "DSSEv1 7 type/é 3 x y")] // é is two UTF-8 bytes: lengths count bytes
    public void Encode_KnownInput_GivesExactBytes(string payloadType, string payload, string expected)
    {
        // Act
        var pae = Pae.Encode(payloadType, Encoding.UTF8.GetBytes(payload));

        // Assert
        Assert.Equal(Encoding.UTF8.GetBytes(expected), pae);
    }

    [Fact]
    public void Encode_DsseSpecExample_MatchesDocumentedHex()
    {
        // Act
        var pae = Pae.Encode("http://example.com/HelloWorld", "hello world"u8);

        // Assert (the worked example in docs/formats.md)
        Assert.Equal(
            "44535345763120323920687474703a2f2f6578616d706c652e636f6d2f48656c6c6f576f726c642031312068656c6c6f20776f726c64",
            Convert.ToHexStringLower(pae));
    }

    [Fact]
    public void Encode_BinaryPayload_CopiedVerbatimAfterDecimalLength()
    {
        // Arrange
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        // Act
        var pae = Pae.Encode("t", payload);

        // Assert
        var header = "DSSEv1 1 t 256 "u8.ToArray();
        Assert.Equal(header, pae[..header.Length]);
        Assert.Equal(payload, pae[header.Length..]);
    }

    [Fact]
    public void Encode_LoneSurrogateInType_ThrowsArgumentException()
    {
        // Act
        var act = () => Pae.Encode("bad\ud800", []);

        // Assert
        Assert.Throws<ArgumentException>(act);
    }
}
