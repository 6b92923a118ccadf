using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;
using Accord.Server.Log;
using Accord.Transparency;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord log key --file`: a log key made or read offline, as a server with that data directory and origin signs.</summary>
public sealed class LogKeyCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("accord-log-key-");

    public void Dispose() => _dir.Dispose();

    private string KeyPath => _dir.File("data", LogIdentityLoader.KeyFileName);

    [Fact]
    public async Task LogKeyNew_NewOrigin_PrintsTheKeyAServerWithThatDataAndOriginSignsWith()
    {
        var made = await CliRunner.RunAsync("log", "key", "--new", "--file", KeyPath, "--origin", "accord.example/log/2027");
        var read = await CliRunner.RunAsync("log", "key", "--file", KeyPath, "--origin", "accord.example/log/2027");
        var server = LogIdentityLoader.Load(_dir.File("data"), new TransparencyLogOptions { Origin = "accord.example/log/2027" });

        Assert.True(made.Code == ExitCodes.Ok, made.Err);
        Assert.Equal(server.Signer.VerifierKey, made.Out.Trim());
        Assert.Equal(made.Out, read.Out);
        Assert.StartsWith("accord.example/log/2027+", made.Out);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        }
    }

    [Fact]
    public async Task LogKeyNew_KeyFileExists_ExitCode2AndTheKeyIsKept()
    {
        await CliRunner.RunAsync("log", "key", "--new", "--file", KeyPath);
        var before = await File.ReadAllTextAsync(KeyPath);

        var again = await CliRunner.RunAsync("log", "key", "--new", "--file", KeyPath);

        Assert.Equal(ExitCodes.BadInput, again.Code);
        Assert.Contains("never overwritten", again.Err);
        Assert.Equal(before, await File.ReadAllTextAsync(KeyPath));
    }

    [Fact]
    public async Task LogKeyNew_OriginWithSpace_ExitCode2AndNoKeyFile()
    {
        var result = await CliRunner.RunAsync("log", "key", "--new", "--file", KeyPath, "--origin", "bad origin");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error: --origin", result.Err.Trim());
        Assert.False(File.Exists(KeyPath));
    }

    [Fact]
    public async Task LogKey_NewWithoutFile_ExitCode2()
    {
        var result = await CliRunner.RunAsync("log", "key", "--new", "--origin", "accord.example/log");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("need --file", result.Err);
    }
}
