using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord log ...` and `accord witness ...` against a real server, and offline.</summary>
[Collection(ServerCollection.Name)]
public sealed class LogCliTests(AccordServerFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new("accord-log-cli-");

    public void Dispose() => _dir.Dispose();

    private string Url => server.Address.ToString();

    [Fact]
    public async Task ProveThenVerifyBundle_Offline_VerifiesAndRejectsAChangedEntry()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        var receipt = (await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = lab.Sign(lab.Statement(TestParty.Pause())) })).Receipt;
        var key = (await CliRunner.RunAsync("log", "key", "--server", Url)).Out.Trim();
        var bundle = _dir.File("bundle");

        var proved = await CliRunner.RunAsync("log", "prove", receipt.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", bundle, "--server", Url);
        var verified = await CliRunner.RunAsync("log", "verify-bundle", bundle, "--log-key", key);
        var entry = await File.ReadAllBytesAsync(Path.Combine(bundle, "entry"));
        entry[^1] ^= 0x01;
        await File.WriteAllBytesAsync(Path.Combine(bundle, "entry"), entry);
        var tampered = await CliRunner.RunAsync("log", "verify-bundle", bundle, "--log-key", key);

        Assert.Equal(ExitCodes.Ok, proved.Code);
        Assert.StartsWith("c2sp.org/tlog-proof@v1", await File.ReadAllTextAsync(Path.Combine(bundle, "proof")));
        Assert.Equal(ExitCodes.Ok, verified.Code);
        Assert.Contains($"verified: entry {receipt.Index}", verified.Out);
        Assert.Contains("accord.v1.CommitmentStatement by " + lab.Id, verified.Out);
        Assert.Equal(ExitCodes.NotVerified, tampered.Code);
        Assert.Contains($"entry {receipt.Index} is not in the checkpoint", tampered.Err);
    }

    [Fact]
    public async Task VerifyBundle_WithAnotherLogsKey_ExitCode4()
    {
        await TestParty.RegisterAsync(server.Registry, "lab");
        var bundle = _dir.File("bundle");
        await CliRunner.RunAsync("log", "prove", "0", "--out", bundle, "--server", Url);
        using var other = PartyKeyPair.Generate();
        var otherKey = new Core.Notes.NoteSigner("accord.local/log", other).VerifierKey;

        var result = await CliRunner.RunAsync("log", "verify-bundle", bundle, "--log-key", otherKey);

        Assert.Equal(ExitCodes.NotVerified, result.Code);
        Assert.Contains("no valid signature", result.Err);
    }

    [Fact]
    public async Task AuditSince_SavedCheckpoint_ReportsConsistentGrowth()
    {
        var key = (await CliRunner.RunAsync("log", "key", "--server", Url)).Out.Trim();
        var saved = _dir.File("checkpoint");
        await TestParty.RegisterAsync(server.Registry, "lab");
        await CliRunner.RunAsync("log", "checkpoint", "--out", saved, "--server", Url);
        await TestParty.RegisterAsync(server.Registry, "lab");
        await TestParty.RegisterAsync(server.Registry, "lab");

        var audit = await CliRunner.RunAsync("log", "audit", "--since", saved, "--log-key", key, "--save", "--server", Url);

        Assert.Equal(ExitCodes.Ok, audit.Code);
        Assert.StartsWith("consistent: size ", audit.Out);
        Assert.Equal((await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint, await File.ReadAllTextAsync(saved));
    }

    [Fact]
    public async Task WitnessRun_Twice_CosignsAndChecksConsistencyWithWhatItSaw()
    {
        var key = (await CliRunner.RunAsync("log", "key", "--server", Url)).Out.Trim();
        var witnessKey = _dir.File("witness.key");
        KeyFile.Write(witnessKey, AccordServerFixture.WitnessName, server.WitnessKey);
        var state = _dir.File("witness-state");
        await TestParty.RegisterAsync(server.Registry, "lab");

        var first = await CliRunner.RunAsync("witness", "run", "--key", witnessKey, "--log-key", key, "--state", state, "--server", Url);
        await TestParty.RegisterAsync(server.Registry, "lab");
        var second = await CliRunner.RunAsync("witness", "run", "--key", witnessKey, "--log-key", key, "--state", state, "--server", Url);

        Assert.Equal(ExitCodes.Ok, first.Code);
        Assert.Equal(ExitCodes.Ok, second.Code);
        Assert.Contains("1 new cosignature", second.Out);
        var checkpoint = (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint;
        Assert.Contains("— " + AccordServerFixture.WitnessName + " ", checkpoint);
    }

    [Fact]
    public async Task WitnessRun_StateFromAnotherLog_RefusesToCosign()
    {
        var key = (await CliRunner.RunAsync("log", "key", "--server", Url)).Out.Trim();
        var witnessKey = _dir.File("witness.key");
        KeyFile.Write(witnessKey, AccordServerFixture.WitnessName, server.WitnessKey);
        var state = _dir.File("witness-state");
        using var forger = PartyKeyPair.Generate();
        var origin = Core.Notes.NoteVerifier.Parse(key).Name;
        var fake = Core.Notes.Notes.Sign(new Core.Notes.Checkpoint(origin, 1, new byte[32], []).Body(), new Core.Notes.NoteSigner(origin, forger)).Format();
        await File.WriteAllTextAsync(state, fake);

        var result = await CliRunner.RunAsync("witness", "run", "--key", witnessKey, "--log-key", key, "--state", state, "--server", Url);

        Assert.Equal(ExitCodes.NotVerified, result.Code);
    }
}
