using System.Text;
using Accord.Core.Registry;

namespace Accord.Core.Tests.Registry;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("lab-a")]
    [InlineData("eu-ai-office")]
    [InlineData("pause-2027")]
    [InlineData("a.b_c-d")]
    [InlineData("9lab")]
    public void IsValidSlug_WellFormed_ReturnsTrue(string value)
    {
        Assert.True(Identifiers.IsValidSlug(value));
    }

    [Fact]
    public void IsValidSlug_SixtyFourCharacters_ReturnsTrue()
    {
        Assert.True(Identifiers.IsValidSlug(new string('a', 64)));
    }

    [Fact]
    public void IsValidSlug_SixtyFiveCharacters_ReturnsFalse()
    {
        Assert.False(Identifiers.IsValidSlug(new string('a', 65)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-lab")]
    [InlineData(".lab")]
    [InlineData("_lab")]
    [InlineData("Lab-a")]
    [InlineData("lab-A")]
    [InlineData("lab a")]
    [InlineData("lab/a")]
    [InlineData("lab\u00e9")]
    [InlineData("lab\n")]
    public void IsValidSlug_Malformed_ReturnsFalse(string? value)
    {
        Assert.False(Identifiers.IsValidSlug(value));
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb924")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223")]
    public void CommitmentIdFor_KnownPayload_IsFirstSixteenBytesOfSha256InLowercaseHex(string payload, string expected)
    {
        // Arrange
        var bytes = Encoding.ASCII.GetBytes(payload);

        // Act
        var id = Identifiers.CommitmentIdFor(bytes);

        // Assert
        Assert.Equal(expected, id);
        Assert.True(Identifiers.IsValidCommitmentId(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB924")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb9240")]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb924")]
    [InlineData("e3b0c44298fc1c14 afbf4c8996fb924")]
    public void IsValidCommitmentId_Malformed_ReturnsFalse(string? value)
    {
        Assert.False(Identifiers.IsValidCommitmentId(value));
    }
}
