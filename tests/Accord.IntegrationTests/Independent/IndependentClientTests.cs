using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Accord.Core.Keys;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;
using Accord.Testing.Server;
using Xunit.Abstractions;

namespace Accord.IntegrationTests.Independent;

/// <summary>
/// Runs the independent Node.js client (tests/independent-client, written from protos/ and docs/ alone) against a
/// real server of its own: every documented behaviour it checks must hold. Node and npm must be on the PATH; the
/// test fails, it does not skip, when they are not.
/// </summary>
[RunsLong(60)]
public sealed class IndependentClientTests(ITestOutputHelper testOutput) : IAsyncLifetime
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(3);

    private readonly AccordServerFixture _server = new();
    private readonly string _witnessKeyFile = Path.Combine(Path.GetTempPath(), $"accord-test-witness-{Guid.NewGuid():N}.key");

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_witnessKeyFile);
    }

    [Fact]
    public async Task IndependentClient_EveryDocumentedBehaviour_Holds()
    {
        var client = Repository.PathOf("tests", "independent-client");
        if (!Directory.Exists(Path.Combine(client, "node_modules")))
        {
            var (npmCode, npmOutput) = await RunAsync("npm", client, NpmTimeout, "ci", "--no-audit", "--no-fund");
            Assert.True(npmCode == 0, $"npm ci in {client} exited {npmCode}:\n{npmOutput}");
        }

        // The witness the server trusts, as a key file, so that the client cosigns a checkpoint with it.
        KeyFile.Write(_witnessKeyFile, AccordServerFixture.WitnessName, _server.WitnessKey, overwrite: true);

        var (code, output) = await RunAsync(
            "node",
            Repository.Root,
            CheckTimeout,
            Path.Combine("tests", "independent-client", "check.mjs"),
            "--server", _server.Address.ToString(),
            "--governance-key", TestGovernance.KeyFilePath,
            "--log-key-file", Path.Combine(_server.DataDirectory, "log.key"),
            "--max-request-bytes", (256 * 1024).ToString(CultureInfo.InvariantCulture),
            "--witness-key-file", _witnessKeyFile,
            "--witness-name", AccordServerFixture.WitnessName);

        testOutput.WriteLine(output);
        Assert.True(code == 0, $"the independent client exited {code}:\n{output}");
        Assert.Contains(" checks passed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL ", output, StringComparison.Ordinal);
    }

    /// <summary>Runs a program to its end (killing it after <paramref name="timeout"/>); its stdout and stderr together.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string program, string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            // Fails the test (never skips it): the client is part of the checks CI runs.
            throw new InvalidOperationException($"cannot start '{program}': node (20 or later) and npm must be installed and on the PATH (tests/independent-client/README.md)", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[killed after {timeout.TotalSeconds} s]");
            return (-1, Snapshot(output));
        }

        // WaitForExitAsync returns after the redirected streams reach their end.
        return (process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
