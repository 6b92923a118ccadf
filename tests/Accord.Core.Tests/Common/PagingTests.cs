using Accord.Core.Common;

namespace Accord.Core.Tests.Common;

public sealed class PagingTests
{
    private static readonly string[] Ids = ["a", "b", "c", "d", "e"];

    [Fact]
    public void Take_PagesOfTwo_EveryItemOnceInOrder_LastPageHasNoToken()
    {
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = Paging.Take(Ids, id => id, token, 2).Value!;
            seen.AddRange(page.Items);
            token = page.NextToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(Ids, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void Take_SizeZeroIsTheDefault_LargerThanTheMostIsTheMost()
    {
        var many = Enumerable.Range(0, 2500).Select(i => i.ToString("D5")).ToList();

        Assert.Equal(Paging.DefaultPageSize, Paging.Take(many, id => id, null, 0).Value!.Items.Count);
        Assert.Equal(Paging.MaxPageSize, Paging.Take(many, id => id, null, 50_000).Value!.Items.Count);
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("eg")] // "z": no such item
    public void Take_ATokenThisListingDidNotGive_RefusedOnPageToken(string token)
    {
        var refusal = Paging.Take(Ids, id => id, token, 2).Refusal;

        Assert.Equal((RefusalCode.InvalidArgument, "page_token"), (refusal!.Code, refusal.Field));
    }

    [Fact]
    public void Take_ExactlyOnePageFull_NoNextToken()
    {
        Assert.Equal("", Paging.Take(Ids, id => id, null, 5).Value!.NextToken);
        Assert.Equal("", Paging.Take(Array.Empty<string>(), id => id, null, 5).Value!.NextToken);
    }
}
