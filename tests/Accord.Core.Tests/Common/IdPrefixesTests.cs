using Accord.Core.Common;

namespace Accord.Core.Tests.Common;

public sealed class IdPrefixesTests
{
    private static readonly string[] Ids = ["abc123", "abd456", "b00000", "ab"];

    [Theory]
    [InlineData("abc", "abc123")]
    [InlineData("b", "b00000")]
    [InlineData("abd456", "abd456")]
    [InlineData("ab", "ab")] // an exact id wins over the ids it starts
    public void Resolve_UniquePrefixOrExactId_TheOneId(string typed, string expected)
    {
        Assert.Equal(expected, IdPrefixes.Resolve(typed, Ids, "commitment").Value);
    }

    [Fact]
    public void Resolve_SeveralMatch_AmbiguousNamingThemInOrder()
    {
        var refusal = IdPrefixes.Resolve("a", Ids, "commitment").Refusal!;

        Assert.Equal(("AMBIGUOUS_ID", RefusalCode.InvalidArgument), (refusal.Reason, refusal.Code));
        Assert.Equal("'a' starts 3 commitment ids: ab, abc123, abd456; give more of it", refusal.Message);
    }

    [Fact]
    public void Resolve_NoneMatchOrEmpty_Refused()
    {
        Assert.Equal("no device id starts with 'z'", IdPrefixes.Resolve("z", Ids, "device").Refusal!.Message);
        Assert.Equal(RefusalCode.InvalidArgument, IdPrefixes.Resolve("", Ids, "device").Refusal!.Code);
    }

    [Fact]
    public void Resolve_ManyMatches_NamesTheFirstTen()
    {
        var many = Enumerable.Range(0, 25).Select(i => $"x{i:D2}").ToList();

        var message = IdPrefixes.Resolve("x", many, "commitment").Refusal!.Message;

        Assert.Contains("25 commitment ids: x00, x01", message, StringComparison.Ordinal);
        Assert.Contains("x09, ...", message, StringComparison.Ordinal);
        Assert.DoesNotContain("x10", message, StringComparison.Ordinal);
    }
}
