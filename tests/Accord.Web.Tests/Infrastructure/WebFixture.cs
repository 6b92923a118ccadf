using Accord.Testing.Server;
using Accord.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Accord.Web.Tests.Infrastructure;

/// <summary>A real Accord server, Accord Web in front of it on a free loopback port, and the system Chromium.</summary>
public sealed class WebFixture : IAsyncLifetime
{
    private WebApplication? _web;
    private IPlaywright? _playwright;

    public AccordServerFixture Server { get; } = new();

    /// <summary>Accord Web's address, ending in '/'.</summary>
    public Uri Web { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the journeys save their screenshots (docs/web.md shows them).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        _web = AccordWebHost.Build(new AccordWebOptions { Servers = [Server.Address], Port = 0 });
        Web = await AccordWebHost.StartAsync(_web);
        _playwright = await Playwright.CreateAsync();
        Browser = await SystemChromium.LaunchAsync(_playwright);
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies and storage) with a page open on <paramref name="path"/>.</summary>
    public async Task<IPage> OpenAsync(string path = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Web, path).ToString());
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
