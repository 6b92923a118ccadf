using System.Collections.Concurrent;
using System.Diagnostics;
using Accord.Cli.Commands;
using Accord.Testing;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>
/// One `accord serve --postgres` silo as a real process (the built Accord.Cli.dll under dotnet) on fixed
/// loopback ports, so that a restart comes back at the same addresses; <see cref="Kill"/> is kill -9. Its
/// Orleans ports run mutual TLS with <paramref name="tls"/>; it opens a gateway only when <paramref name="gateway"/>.
/// </summary>
public sealed class SiloProcess(string name, string dataDirectory, string postgres, ClusterCredentials tls, bool gateway = false) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string Name { get; } = name;

    /// <summary>The Orleans silo-to-silo port (the same after every restart).</summary>
    public int SiloPort { get; } = Loopback.FreePort();

    /// <summary>The Orleans gateway port, or 0 when the silo opens none.</summary>
    public int GatewayPort { get; } = gateway ? Loopback.FreePort() : 0;

    /// <summary>The running process's id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"silo {Name} is not running");

    /// <summary>The gRPC address (the same after every restart).</summary>
    public Uri Address { get; } = new($"http://127.0.0.1:{Loopback.FreePort()}");

    /// <summary>Starts the process and returns once it announces its address.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                typeof(AccordCli).Assembly.Location, "serve", "--data", dataDirectory, "--postgres", postgres,
                "--port", Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--silo-port", SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--gateway-port", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--cluster-cert", tls.Certificate, "--cluster-key", tls.Key, "--cluster-ca", tls.Ca, "--no-web",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                // Faster failure detection than Orleans' defaults (5 s probes, 3 missed), so that a test run stays short.
                ["Orleans__Membership__ProbeTimeout"] = "00:00:02",
                ["Orleans__Membership__NumMissedProbesLimit"] = "2",

                // The test governance body, so that test parties are granted their roles as on the in-process servers.
                ["Accord__Server__Governance__Keys__0"] = TestGovernance.PublicKeyBase64,
            },
        };
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _output.Enqueue(line);
                if (line.StartsWith("Accord registry listening on ", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _output.Enqueue(line);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"silo {Name} exited before listening:\n{Output()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await listening.Task.WaitAsync(StartTimeout);
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false); // SIGKILL on Unix
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>How many lines the process wrote (stdout and stderr, every start) match <paramref name="match"/>.</summary>
    public int CountOutput(Func<string, bool> match) => _output.Count(match);

    /// <summary>What the process wrote (stdout and stderr), for failure messages.</summary>
    public string Output() => string.Join('\n', _output.TakeLast(200));

    public void Dispose() => Kill();
}
