using Accord.Cli.Commands;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Compliance;

/// <summary>An inspector's verdict built from the log, logged, and re-checked offline from its bundle.</summary>
[Collection(ServerCollection.Name)]
public sealed class VerdictBundleTests(AccordServerFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new("accord-verdict-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task InspectVerdict_RunAboveCap_BundleVerifiesOfflineAndAnyChangedByteIsRefused()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(new CommitmentTerms
        {
            TrainingRunCap = new TrainingRunComputeCap { MaxFlop = 1e14, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } },
        });
        reporter.IntervalEnd = cap.ActivatedAt.ToDateTimeOffset();
        var length = TimeSpan.FromMilliseconds(100);
        await kit.StreamAsync(kit.Lab, [reporter.Sign(reporter.Next(length: length)), reporter.Sign(reporter.Next(length: length)), reporter.Sign(reporter.Next(length: length))]);
        await Task.Delay(reporter.IntervalEnd - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        var key = _dir.File("inspector.key");
        KeyFile.Write(key, kit.Inspector.Id, kit.Inspector.Key);
        var bundle = _dir.File("bundle.pb");

        var verdict = await CliRunner.RunAsync("inspect", "verdict", "--key", key, "--party", kit.Lab.Id, "--commitment", cap.CommitmentId, "--out", bundle, "--server", server.Address.ToString());
        Assert.True(verdict.Code == ExitCodes.Ok, verdict.Err + verdict.Out);
        var verified = await CliRunner.RunAsync("inspect", "verify-bundle", bundle);
        var bytes = await File.ReadAllBytesAsync(bundle);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(bundle, bytes);
        var tampered = await CliRunner.RunAsync("inspect", "verify-bundle", bundle);

        Assert.True(verdict.Code == ExitCodes.Ok, verdict.Err);
        Assert.Contains("BREACHED: commitment " + cap.CommitmentId, verdict.Out);
        Assert.Contains("run 'run-1': ", verdict.Out);
        Assert.Equal(ExitCodes.Ok, verified.Code);
        Assert.Contains("verifies offline", verified.Out);
        Assert.Equal(ExitCodes.NotVerified, tampered.Code);
    }
}
