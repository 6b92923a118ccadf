using System.Text.Json;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>`accord negotiate --domain DIR` on a GENIUS folder in the ANAC 2015 layout, with more profiles than agents.</summary>
public sealed class GeniusFolderCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("accord-genius-cli-");

    public GeniusFolderCliTests()
    {
        // holiday.xml beside holiday-Profile1.xml ...: the shared PauseTreaty files under ANAC 2015 names.
        var source = SharedFolder.PauseTreaty;
        File.Copy(Path.Combine(source, "PauseTreaty-domain.xml"), _dir.File("pause.xml"));
        File.Copy(Path.Combine(source, "PauseTreaty-FrontierLab.xml"), _dir.File("pause-Profile1.xml"));
        File.Copy(Path.Combine(source, "PauseTreaty-ConcernedState.xml"), _dir.File("pause-Profile2.xml"));
        File.Copy(Path.Combine(source, "PauseTreaty-ConcernedState.xml"), _dir.File("pause-Profile3.xml"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Negotiate_MoreProfilesThanAgentsNoneChosen_ExitCode2ListingTheProfiles()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("negotiate", "--domain", _dir.Path, "--agents", "boulware,boulware");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Equal($"error: '{_dir.Path}' holds 3 profiles (pause-Profile1.xml, pause-Profile2.xml, pause-Profile3.xml) for 2 agents; choose 2 with --profiles, e.g. --profiles pause-Profile1.xml,pause-Profile2.xml", stderr.Trim());
    }

    [Fact]
    public async Task Negotiate_ProfilesChosen_ThosePartiesNegotiateInThatOrder()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("negotiate", "--domain", _dir.Path, "--profiles", "pause-Profile1.xml,pause-Profile3.xml", "--agents", "boulware,boulware", "--json");

        Assert.True(code == ExitCodes.Ok, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["Profile1", "Profile3"], json.RootElement.GetProperty("utilities").EnumerateObject().Select(p => p.Name));
        Assert.Equal("pause", json.RootElement.GetProperty("domain").GetString());
    }

    [Fact]
    public async Task Negotiate_ProfilesWithAJsonDomain_ExitCode2()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("negotiate", "--domain", TestData.PauseTreatyJson, "--profiles", "a.xml,b.xml", "--agents", "boulware,boulware");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--profiles: only with a GENIUS folder", stderr, StringComparison.Ordinal);
    }
}
