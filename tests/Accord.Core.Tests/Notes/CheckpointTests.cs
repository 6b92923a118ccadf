// C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint) note text: parse and format, byte for byte.
using Accord.Core.Notes;

namespace Accord.Core.Tests.Notes;

public sealed class CheckpointTests
{
    private const string Root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

    [Fact]
    public void Parse_SpecExample_GivesFields()
    {
        // Act
        var checkpoint = Checkpoint.Parse(NoteExamples.CheckpointBody);

        // Assert
        Assert.Equal("example.com/behind-the-sofa", checkpoint.Origin);
        Assert.Equal(20852163, checkpoint.Size);
        Assert.Equal(Convert.FromBase64String(Root), checkpoint.RootHash);
        Assert.Empty(checkpoint.Extensions);
    }

    [Theory]
    [InlineData(NoteExamples.CheckpointBody)]
    [InlineData("example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")]
    [InlineData("example.com/log\n9223372036854775807\n" + Root + "\n")]
    [InlineData("example.com/log\n5\n" + Root + "\nextension one\n\u2014 extension two\n")]
    [InlineData("o\n1\n" + Root + "\n")]
    [InlineData("origin with spaces+plus \u00e8\n1\n" + Root + "\n")]
    public void Body_ParsedCheckpoint_GivesInputBack(string body)
    {
        // Act
        var checkpoint = Checkpoint.Parse(body);
        var rebuilt = new Checkpoint(checkpoint.Origin, checkpoint.Size, (byte[])checkpoint.RootHash.Clone(), [.. checkpoint.Extensions]);

        // Assert
        Assert.Equal(body, checkpoint.Body());
        Assert.Equal(checkpoint, rebuilt);
        Assert.Equal(body, rebuilt.Body());
    }

    [Fact]
    public void Body_Fields_AreOriginSizeRootThenExtensions()
    {
        // Arrange
        var checkpoint = new Checkpoint("example.com/log", 42, new byte[32], ["ext"]);

        // Act
        var body = checkpoint.Body();

        // Assert
        Assert.Equal("example.com/log\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next\n", body);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("no final newline", "example.com/log\n1\n" + Root)]
    [InlineData("two lines", "example.com/log\n1\n")]
    [InlineData("empty origin", "\n1\n" + Root + "\n")]
    [InlineData("negative size", "example.com/log\n-1\n" + Root + "\n")]
    [InlineData("plus sign", "example.com/log\n+1\n" + Root + "\n")]
    [InlineData("leading zero", "example.com/log\n01\n" + Root + "\n")]
    [InlineData("two zeroes", "example.com/log\n00\n" + Root + "\n")]
    [InlineData("empty size", "example.com/log\n\n" + Root + "\n")]
    [InlineData("space in size", "example.com/log\n 1\n" + Root + "\n")]
    [InlineData("hex size", "example.com/log\n0x10\n" + Root + "\n")]
    [InlineData("exponent", "example.com/log\n1e3\n" + Root + "\n")]
    [InlineData("non-ASCII digit", "example.com/log\n\u0663\n" + Root + "\n")]
    [InlineData("size 2^63", "example.com/log\n9223372036854775808\n" + Root + "\n")]
    [InlineData("root of 31 bytes", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n")]
    [InlineData("root of 33 bytes", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2IA\n")]
    [InlineData("root unpadded", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n")]
    [InlineData("root with non-zero pad bits", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n")]
    [InlineData("root in hex", "example.com/log\n1\n0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62\n")]
    [InlineData("root with a space", "example.com/log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2 MPA3j2jxq2I=\n")]
    [InlineData("empty extension line", "example.com/log\n1\n" + Root + "\n\n")]
    [InlineData("empty line between extensions", "example.com/log\n1\n" + Root + "\na\n\nb\n")]
    [InlineData("carriage return", "example.com/log\r\n1\n" + Root + "\n")]
    [InlineData("tab in origin", "example.com\tlog\n1\n" + Root + "\n")]
    public void Parse_Malformed_ThrowsNoteFormatException(string scenario, string body)
    {
        // Act
        var exception = Record.Exception(() => Checkpoint.Parse(body));

        // Assert
        Assert.True(exception is NoteFormatException, $"{scenario}: got {exception?.GetType().Name ?? "no exception"}");
        var formatException = Assert.IsType<NoteFormatException>(exception);
        Assert.StartsWith("Checkpoint:", formatException.Message, StringComparison.Ordinal);
        Assert.False(Checkpoint.TryParse(body, out _));
    }

    [Fact]
    public void Parse_UnpairedSurrogateInOrigin_ThrowsNoteFormatException()
    {
        // Arrange: built in code; attribute data cannot carry an unpaired surrogate.
        var body = "example.com/" + (char)0xdc00 + "\n1\n" + Root + "\n";

        // Act and Assert
        Assert.Throws<NoteFormatException>(() => Checkpoint.Parse(body));
    }

    [Theory]
    [InlineData(255, false)]
    [InlineData(256, true)]
    public void Parse_OriginLength_LimitIs255Bytes(int length, bool rejected)
    {
        // Arrange
        var body = new string('o', length) + "\n1\n" + Root + "\n";

        // Act
        var exception = Record.Exception(() => Checkpoint.Parse(body));

        // Assert
        Assert.Equal(rejected, exception is NoteFormatException);
    }

    [Theory]
    [InlineData("empty origin")]
    [InlineData("newline in origin")]
    [InlineData("negative size")]
    [InlineData("short root")]
    [InlineData("empty extension")]
    [InlineData("newline in extension")]
    [InlineData("control character in extension")]
    public void Body_InvalidField_ThrowsNoteFormatException(string scenario)
    {
        // Arrange
        var good = new Checkpoint("example.com/log", 1, new byte[32]);
        var checkpoint = scenario switch
        {
            "empty origin" => good with { Origin = string.Empty },
            "newline in origin" => good with { Origin = "a\nb" },
            "negative size" => good with { Size = -1 },
            "short root" => good with { RootHash = new byte[31] },
            "empty extension" => good with { Extensions = [string.Empty] },
            "newline in extension" => good with { Extensions = ["a\nb"] },
            _ => good with { Extensions = ["a\rb"] },
        };

        // Act and Assert
        Assert.Throws<NoteFormatException>(checkpoint.Body);
    }
}
