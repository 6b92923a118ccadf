using Accord.Cli.Commands;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord ca`, `accord trust`, `accord device` as a user runs them.</summary>
[Collection(ServerCollection.Name)]
public sealed class DeviceCliTests(AccordServerFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new("accord-device-cli-");

    public void Dispose() => _dir.Dispose();

    private string Url => server.Address.ToString();

    [Fact]
    public async Task VerifyEvidence_RealNvidiaReportWithItsNonce_Exit0AndWithAnotherNonceExit4()
    {
        var report = SharedFolder.PathOf("vectors", "nvidia", "hopper-attestation-report.hex");
        var chain = SharedFolder.PathOf("vectors", "nvidia", "hopper-cert-chain.pem");
        var root = SharedFolder.PathOf("vectors", "nvidia", "nvidia-device-identity-root.pem");
        var nonce = Convert.ToHexStringLower(SpdmMeasurementReport.Parse(DeviceCommands.ReadReport(report)).RequestNonce);

        var verified = await CliRunner.RunAsync("device", "verify-evidence", "--report", report, "--chain", chain, "--root", root, "--nonce", nonce, "--json");
        var wrongNonce = await CliRunner.RunAsync("device", "verify-evidence", "--report", report, "--chain", chain, "--root", root, "--nonce", new string('0', 64));

        Assert.Equal(ExitCodes.Ok, verified.Code);
        Assert.Contains("\"valid\":true", verified.Out);
        Assert.Contains("\"device_id\":\"53C22BA15E5D68088282DA074ED9FB37AA585771\"", verified.Out);
        Assert.Contains("\"revocation\":\"unknown\"", verified.Out);
        Assert.Equal(ExitCodes.NotVerified, wrongNonce.Code);
        Assert.StartsWith("error: NONCE_MISMATCH", wrongNonce.Err.Trim());
    }

    [Fact]
    public async Task CaTrustEnrol_AsAUserRunsThem_DeviceEnrolledWithSimulatedEvidence()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var inspector = await TestParty.RegisterAsync(server.Registry, "insp", Protos.V1.PartyRole.Inspector);
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        KeyFile.Write(_dir.File("inspector.key"), inspector.Id, inspector.Key);
        KeyFile.Write(_dir.File("lab.key"), lab.Id, lab.Key);
        var ca = _dir.File("ca");
        var identity = _dir.File("gpu.pem");

        var init = await CliRunner.RunAsync("ca", "init", "--name", "CLI Fab " + suffix, "--out", ca);
        var trust = await CliRunner.RunAsync("trust", "add-root", "--key", _dir.File("inspector.key"), "--cert", Path.Combine(ca, "root.pem"), "--server", Url);
        var issue = await CliRunner.RunAsync("ca", "issue-device", "--ca", ca, "--serial", "GPU-CLI-" + suffix, "--out", identity);
        var enrol = await CliRunner.RunAsync("device", "enrol", "--key", _dir.File("lab.key"), "--identity", identity, "--model", "h100", "--evidence", "simulate", "--server", Url);
        var show = await CliRunner.RunAsync("device", "show", "GPU-CLI-" + suffix, "--server", Url);
        var showAsLab = await CliRunner.RunAsync("device", "show", "GPU-CLI-" + suffix, "--key", _dir.File("lab.key"), "--server", Url);
        var again = await CliRunner.RunAsync("device", "enrol", "--key", _dir.File("lab.key"), "--identity", identity, "--model", "h100", "--server", Url);

        Assert.True(init.Code == ExitCodes.Ok, init.Err);
        Assert.True(trust.Code == ExitCodes.Ok, trust.Err);
        Assert.True(issue.Code == ExitCodes.Ok, issue.Err);
        Assert.True(enrol.Code == ExitCodes.Ok, enrol.Err);
        Assert.Equal(ExitCodes.Ok, trust.Code);
        Assert.Equal(ExitCodes.Ok, issue.Code);
        Assert.Equal(ExitCodes.Ok, enrol.Code);
        Assert.Contains("GPU-CLI-" + suffix, show.Out);
        Assert.Contains("withheld", show.Out, StringComparison.Ordinal);
        Assert.True(showAsLab.Code == ExitCodes.Ok, showAsLab.Err);
        Assert.DoesNotContain("withheld", showAsLab.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, again.Code);
        Assert.StartsWith("error: ALREADY_EXISTS (ALREADY_ENROLLED)", again.Err.Trim());

        // docs/attestation.md: the inspector revokes the CA's intermediate, which `ca init` wrote; the next device it issued is refused.
        var revoke = await CliRunner.RunAsync("trust", "revoke", "--key", _dir.File("inspector.key"), "--cert", Path.Combine(ca, "intermediate.pem"), "--reason", "key compromise", "--server", Url);
        Assert.True(revoke.Code == ExitCodes.Ok, revoke.Err);
        var second = _dir.File("gpu-2.pem");
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync("ca", "issue-device", "--ca", ca, "--serial", "GPU-CLI2-" + suffix, "--out", second)).Code);
        var refused = await CliRunner.RunAsync("device", "enrol", "--key", _dir.File("lab.key"), "--identity", second, "--model", "h100", "--evidence", "simulate", "--server", Url);
        Assert.Equal(ExitCodes.Refused, refused.Code);
        Assert.StartsWith("error: FAILED_PRECONDITION (REVOKED)", refused.Err.Trim());
    }
}
