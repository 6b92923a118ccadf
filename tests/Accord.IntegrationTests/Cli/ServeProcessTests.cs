using System.Diagnostics;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Akka.Actor;
using Akka.TestKit;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord serve` as a real process: it announces its address, serves, stops cleanly on SIGTERM and keeps its data.</summary>
[Collection(SerialCollection.Name)]
public sealed class ServeProcessTests : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "accord-serve-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Serve_StartedTwiceOnSameData_AnnouncesServesStopsCleanlyAndKeepsParties()
    {
        var lab = "serve-lab-" + Guid.NewGuid().ToString("N")[..6];

        var first = CreateTestProbe();
        using (var process = StartServe(first))
        {
            var address = ExpectAddress(first);
            using var channel = GrpcChannel.ForAddress(address);
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            await new TestParty(new RegistryService.RegistryServiceClient(channel), lab, PartyRole.Lab).RegisterSelfAsync();
            await GrantInspectorWithTheLocalGovernanceKey(first, address);

            Terminate(process);
            first.FishForMessage(m => m is Exited, StartTimeout);
            Assert.Equal(0, process.ExitCode);
        }

        var second = CreateTestProbe();
        using (var process = StartServe(second))
        {
            var address = ExpectAddress(second);
            using var channel = GrpcChannel.ForAddress(address);
            var party = (await new RegistryService.RegistryServiceClient(channel).GetPartyAsync(new GetPartyRequest { PartyId = lab })).Party;
            Assert.Equal(lab, party.PartyId);
            var inspector = (await new RegistryService.RegistryServiceClient(channel).GetPartyAsync(new GetPartyRequest { PartyId = "serve-inspector" })).Party;
            Assert.Equal([PartyRole.Inspector], inspector.Roles);
            Assert.Equal(1UL, (await new RegistryService.RegistryServiceClient(channel).GetGovernanceAsync(new GetGovernanceRequest())).LastSequence);
            Terminate(process);
            second.FishForMessage(m => m is Exited, StartTimeout);
        }
    }

    /// <summary>
    /// As a user: `accord serve` names its local governance key; claiming inspector is refused; a party registered with
    /// no role is granted inspector by `accord governance grant` with that key.
    /// </summary>
    private async Task GrantInspectorWithTheLocalGovernanceKey(TestProbe probe, Uri address)
    {
        var line = probe.FishForMessage<string>(l => l.StartsWith("governance: local key ", StringComparison.Ordinal), StartTimeout);
        var keyPath = Path.Combine(_data, "governance.key");
        Assert.Contains(Path.GetFullPath(keyPath), line, StringComparison.Ordinal);
        var partyKey = Path.Combine(_data, "inspector.key");
        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--party", "serve-inspector", "--out", partyKey)).Code);

        var claimed = await CliRunner.RunAsync("party", "register", "--key", partyKey, "--name", "Inspectorate", "--role", "inspector", "--server", address.ToString());
        Assert.NotEqual(0, claimed.Code);
        Assert.Contains("PERMISSION_DENIED (ROLE_NOT_SELF_GRANTED)", claimed.Err, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync("party", "register", "--key", partyKey, "--name", "Inspectorate", "--role", "none", "--server", address.ToString())).Code);
        var granted = await CliRunner.RunAsync(
            "governance", "grant", "--party", "serve-inspector", "--role", "inspector", "--reason", "treaty inspectorate", "--governance-key", keyPath, "--server", address.ToString());
        Assert.True(granted.Code == 0, granted.Err);
        Assert.Contains("act 1: granted the inspector role of 'serve-inspector'", granted.Out, StringComparison.Ordinal);
    }

    public new void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }

        base.Dispose();
    }

    private sealed record Exited(int Code);

    private Process StartServe(TestProbe probe)
    {
        var cli = typeof(AccordCli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "serve", "--data", _data, "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        IActorRef target = probe.Ref;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                target.Tell(line);
            }
        };
        process.Exited += (_, _) => target.Tell(new Exited(process.ExitCode));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Uri ExpectAddress(TestProbe probe)
    {
        var line = probe.FishForMessage<string>(l => l.StartsWith("Accord registry listening on ", StringComparison.Ordinal), StartTimeout);
        return new Uri(line["Accord registry listening on ".Length..].Trim());
    }

    private static void Terminate(Process process) => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
}
