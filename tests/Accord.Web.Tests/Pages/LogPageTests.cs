using System.Globalization;
using Accord.Core.Keys;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.Protos.V1;
using Accord.Testing.Server;
using Accord.Testing;
using Accord.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Accord.Web.Tests.Pages;

/// <summary>The transparency log page in a real browser: the checkpoint, entry lookup, and verification by the page's own script.</summary>
[Collection(WebCollection.Name)]
public sealed class LogPageTests(WebFixture web)
{
    private async Task<long> RegisteredCommitmentIndexAsync()
    {
        var lab = await TestParty.RegisterAsync(web.Server.Registry, "log");
        var registered = await web.Server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = lab.Sign(lab.Statement(TestParty.Pause())) });
        return registered.Receipt.Index;
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> VerifyAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify in this browser" }).ClickAsync();
        var result = page.Locator("#verify-result");
        await Assertions.Expect(result).ToContainTextAsync("verified", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        return await result.InnerTextAsync();
    }

    [Fact]
    public async Task LogPage_ShowsTheLatestCheckpointWithItsSignedNoteAndSigners()
    {
        await RegisteredCommitmentIndexAsync();
        var info = await web.Server.Log.GetLogInfoAsync(new GetLogInfoRequest());

        var page = await web.OpenAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Transparency log" }).ClickAsync();
        await page.WaitForURLAsync("**/log");

        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains(info.Origin, main);
        Assert.Contains("\u2014 " + info.Origin + " ", await page.Locator("pre.note").InnerTextAsync());
        Assert.Contains("the log", await page.Locator("ul.signers").InnerTextAsync());
    }

    [Fact]
    public async Task LogPage_ACosignedCheckpoint_NamesTheWitnessAndStillVerifies()
    {
        var index = await RegisteredCommitmentIndexAsync();
        var latest = await web.Server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var cosigned = Witnessing.Cosign(web.Server.Witness, await web.Server.LogKeyAsync(), null, latest.Checkpoint, [], DateTimeOffset.UtcNow);
        await web.Server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() });

        var page = await web.OpenAsync($"log?index={Text(index)}");

        var signers = await page.Locator("ul.signers li").AllInnerTextsAsync();
        Assert.Contains(signers, s => s.Contains(AccordServerFixture.WitnessName, StringComparison.Ordinal) && s.EndsWith("witness cosignature", StringComparison.Ordinal));
        Assert.Contains(signers, s => s.EndsWith("the log", StringComparison.Ordinal));
        Assert.StartsWith("verified", await VerifyAsync(page));
    }

    [Fact]
    public async Task LogPage_LookUpACommitmentAndVerifyInTheBrowser_SaysVerified()
    {
        var index = await RegisteredCommitmentIndexAsync();

        var page = await web.OpenAsync("log");
        await page.GetByLabel("Entry index").FillAsync(Text(index));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show entry" }).ClickAsync();
        await page.WaitForURLAsync($"**/log?index={Text(index)}");

        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("accord.v1.CommitmentStatement", main);
        var message = await VerifyAsync(page);
        Assert.StartsWith($"verified: entry {Text(index)} is in the tree of size", message);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, "log.png"), FullPage = true });
    }

    [Fact]
    public async Task LogPage_VerifyWithAnotherKey_FailsAtTheSignatureStep()
    {
        var index = await RegisteredCommitmentIndexAsync();

        var page = await web.OpenAsync($"log?index={Text(index)}");
        await page.GetByLabel("Log verifier key").FillAsync(web.Server.Witness.VerifierKey);
        var message = await VerifyAsync(page);

        Assert.StartsWith("not verified: the signature step failed", message);
    }

    [Fact]
    public async Task LogPage_VerifyWithAnotherLogsKeyOfTheSameName_FailsAtTheSignatureStep()
    {
        var index = await RegisteredCommitmentIndexAsync();
        var info = await web.Server.Log.GetLogInfoAsync(new GetLogInfoRequest());
        var impostor = new NoteSigner(info.Origin, PartyKeyPair.Generate()).VerifierKey;

        var page = await web.OpenAsync($"log?index={Text(index)}");
        await page.GetByLabel("Log verifier key").FillAsync(impostor);
        var message = await VerifyAsync(page);

        Assert.StartsWith("not verified: the signature step failed: the checkpoint carries no signature by", message);
    }

    [Fact]
    public async Task VerifyEntry_OneProofHashFlipped_FailsAtTheInclusionStep()
    {
        var index = await RegisteredCommitmentIndexAsync();
        var key = (await web.Server.Log.GetLogInfoAsync(new GetLogInfoRequest())).VerifierKey;
        var page = await web.OpenAsync($"log?index={Text(index)}");

        var outcome = await page.EvaluateAsync<string[]>(
            """
            async ([index, key]) => {
              const m = await import('/assets/log-verify.js');
              const material = await m.fetchMaterial(index);
              const honest = await m.verifyEntry(material, key);
              const bytes = Uint8Array.from(atob(material.proof[0]), c => c.charCodeAt(0));
              bytes[0] ^= 1;
              material.proof[0] = btoa(String.fromCharCode(...bytes));
              const tampered = await m.verifyEntry(material, key);
              const forged = await m.verifyEntry({ ...(await m.fetchMaterial(index)), checkpoint: material.checkpoint.replace(/\n\u2014 (\S+) (\S{10})(\S)/, (all, name, head, c) => `\n\u2014 ${name} ${head}${c === 'A' ? 'B' : 'A'}`) }, key);
              return [honest.message, tampered.step, tampered.message, forged.step, forged.message];
            }
            """, new object[] { Text(index), key });

        Assert.StartsWith("verified", outcome[0]);
        Assert.Equal("inclusion", outcome[1]);
        Assert.StartsWith("not verified: the inclusion step failed", outcome[2]);
        Assert.Equal("signature", outcome[3]);
        Assert.Contains("does not verify", outcome[4]);
    }

    [Theory]
    [InlineData("abc", "\"abc\" is not an entry index")]
    [InlineData("-1", "\"-1\" is not an entry index")]
    [InlineData("99999999", "There is no entry 99999999")]
    public async Task LogPage_BadIndex_SaysWhyOnThePage(string index, string expected)
    {
        var page = await web.OpenAsync($"log?index={Uri.EscapeDataString(index)}");

        Assert.Contains(expected, await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(0, await page.Locator("#verify-entry").CountAsync());
    }

    [Fact]
    public async Task ProofEndpoint_BadIndex_AnswersJsonWithTheReason()
    {
        var context = await web.Browser.NewContextAsync();
        var response = await context.APIRequest.GetAsync(new Uri(web.Web, "api/log/proof?index=x").ToString());

        Assert.Equal(400, response.Status);
        Assert.Contains("is not an entry index", await response.TextAsync());
    }

    [Fact]
    public async Task LogPage_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        var index = await RegisteredCommitmentIndexAsync();
        var page = await web.OpenAsync($"log?index={Text(index)}");

        Assert.Empty(await Accessibility.SeriousViolationsAsync(page));
    }
}
