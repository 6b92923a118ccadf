using Accord.Protos.V1;
using Accord.Testing;
using Accord.Web.Hosting;
using Accord.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Accord.Web.Tests.Pages;

/// <summary>The public board in a real browser against a real server: plain words, escaped names, search, history, accessibility.</summary>
[Collection(WebCollection.Name)]
public sealed class PublicBoardTests(WebFixture web)
{
    [Fact]
    public async Task Board_ShowsACommitmentInPlainWordsWithItsStatusAndWhy()
    {
        var lab = await TestParty.RegisterAsync(web.Server.Registry, "board");
        var commitment = await lab.CommitAsync(TestParty.Pause(aboveFlop: 1e26, months: 6));

        var page = await web.OpenAsync();
        var row = page.Locator("tr", new PageLocatorOptions { HasText = commitment.CommitmentId[..12] });

        Assert.Equal(1, await row.CountAsync());
        var text = await row.InnerTextAsync();
        Assert.Contains("Pause runs above 1e26 FLOP", text);
        Assert.Contains("active", text);
        Assert.Contains("no activation condition: binding from registration", text);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, "public-board.png"), FullPage = true });
    }

    [Fact]
    public async Task Board_APartyNamedLikeAScript_RendersAsTextAndNothingRuns()
    {
        const string name = "<script>window.accordPwned = 1</script><img src=x onerror=\"window.accordPwned = 2\">";
        var lab = new TestParty(web.Server.Registry, $"xss-{Guid.NewGuid().ToString("N")[..8]}", PartyRole.Lab);
        var registration = lab.Registration();
        registration.DisplayName = name;
        await web.Server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = lab.Sign(registration) });

        var page = await web.OpenAsync($"?q={lab.Id}");
        var cell = page.Locator("td", new PageLocatorOptions { HasText = "window.accordPwned = 1" });

        Assert.Equal(name, await cell.First.InnerTextAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.accordPwned"));
    }

    [Fact]
    public async Task Board_SearchByIdPrefix_ShowsOnlyWhatMatches()
    {
        var a = await TestParty.RegisterAsync(web.Server.Registry, "find-a");
        var b = await TestParty.RegisterAsync(web.Server.Registry, "find-b");
        var mine = await a.CommitAsync(TestParty.Pause());
        var theirs = await b.CommitAsync(TestParty.Pause(aboveFlop: 1e25));

        var page = await web.OpenAsync();
        await page.GetByLabel("Find by id").FillAsync(mine.CommitmentId[..8]);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Find" }).ClickAsync();
        await page.WaitForURLAsync($"**/?q={mine.CommitmentId[..8]}");

        var content = await page.Locator("main").InnerTextAsync();
        Assert.Contains(mine.CommitmentId[..12], content);
        Assert.DoesNotContain(theirs.CommitmentId[..12], content);
    }

    [Fact]
    public async Task CommitmentPage_ShowsItsHistoryWithTheLogEntryOfEachChange()
    {
        var lab = await TestParty.RegisterAsync(web.Server.Registry, "page");
        var registered = await web.Server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = lab.Sign(lab.Statement(TestParty.Pause())) });

        var page = await web.OpenAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = registered.Commitment.CommitmentId[..12] }).ClickAsync();
        await page.WaitForURLAsync($"**/commitments/{registered.Commitment.CommitmentId}");

        Assert.Equal("flex", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('header.top')).display"));
        var history = await page.Locator("table tbody tr").AllInnerTextsAsync();
        var only = Assert.Single(history);
        Assert.Contains("active", only);
        Assert.Contains(registered.Receipt.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), only);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, "commitment.png"), FullPage = true });
    }

    [Fact]
    public async Task EveryResponse_CarriesAContentSecurityPolicyWithoutInlineScript()
    {
        var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(web.Web.ToString());

        Assert.NotNull(response);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, await response.HeaderValueAsync("content-security-policy"));
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("DENY", await response.HeaderValueAsync("x-frame-options"));
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=zzz-nothing")]
    public async Task Board_HasNoSeriousOrCriticalAccessibilityViolations(string path)
    {
        await TestParty.RegisterAsync(web.Server.Registry, "axe");
        var page = await web.OpenAsync(path);

        Assert.Empty(await Accessibility.SeriousViolationsAsync(page));
    }
}
