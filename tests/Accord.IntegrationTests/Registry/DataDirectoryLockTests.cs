using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Accord.Server.Storage;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Registry;

/// <summary>One embedded server per data directory: a second one, in this process or started by `accord serve`, is refused and changes nothing.</summary>
public sealed class DataDirectoryLockTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task SecondServer_SameDataDirectory_RefusedWhileTheFirstRunsAndAllowedAfterItStops()
    {
        var lab = await TestParty.RegisterAsync(_server.Registry, "lab");
        var before = (await _server.Log.GetLogInfoAsync(new GetLogInfoRequest())).VerifierKey;

        var refused = Assert.Throws<DataDirectoryInUseException>(() => AccordServerHost.Build([], o =>
        {
            o.DataDirectory = _server.DataDirectory;
            o.Port = 0;
        }));

        Assert.Contains(Path.GetFullPath(_server.DataDirectory), refused.Message, StringComparison.Ordinal);
        Assert.Contains("in use by another Accord server", refused.Message, StringComparison.Ordinal);

        // The first server is untouched: it still answers, under the same log key.
        Assert.Equal(before, (await _server.Log.GetLogInfoAsync(new GetLogInfoRequest())).VerifierKey);
        Assert.Equal(lab.Id, (await _server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = lab.Id })).Party.PartyId);

        // Stopped, it lets the directory go: the next server opens it and finds the party.
        await _server.RestartAsync();
        Assert.Equal(lab.Id, (await _server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = lab.Id })).Party.PartyId);
    }

    [Fact]
    public async Task ServeCommand_DataDirectoryInUse_ExitsTwoWithOneLine()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("serve", "--data", _server.DataDirectory, "--port", "0");

        Assert.Equal(2, code);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("in use by another Accord server", line, StringComparison.Ordinal);
        Assert.NotNull(await _server.Log.GetLogInfoAsync(new GetLogInfoRequest()));
    }
}
