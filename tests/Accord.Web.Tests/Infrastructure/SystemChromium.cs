// The browser tests drive the machine's own Chromium (Debian's `chromium` package; .ci/run installs it when missing),
// launched by path: Playwright never downloads a browser here.
using Microsoft.Playwright;

namespace Accord.Web.Tests.Infrastructure;

/// <summary>Launches the system Chromium headless through Playwright.</summary>
public static class SystemChromium
{
    /// <summary>The Chromium executable: $ACCORD_CHROMIUM, else `chromium` on the PATH.</summary>
    public static string ExecutablePath()
    {
        if (Environment.GetEnvironmentVariable("ACCORD_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "the browser tests need Chromium: apt-get install -y chromium (.ci/run installs it), or set ACCORD_CHROMIUM to its path");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        var args = new List<string>
        {
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        };
        if (Environment.UserName == "root")
        {
            args.Add("--no-sandbox");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath(), Headless = true, Args = args });
    }
}
