using System.Diagnostics;
using Accord.Testing;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server: initdb into a temp directory, pg_ctl start on a free loopback port,
/// stopped and deleted on dispose. PostgreSQL refuses to run as root, so as root (CI runs as root) the
/// directory is handed to the "postgres" user (or "nobody") and the binaries run through runuser.
/// Missing binaries fail the test: they are part of the machine image, not optional.
/// </summary>
public sealed class PostgresInstance : IDisposable
{
    private static readonly string[] BinDirectories = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"];
    private readonly string _bin;
    private readonly string? _runAs;
    private bool _running;

    private PostgresInstance(string bin, string? runAs, string directory, int port)
    {
        _bin = bin;
        _runAs = runAs;
        Directory = directory;
        Port = port;
    }

    /// <summary>The temp directory holding the cluster (data/), its socket and its log (postgres.log).</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>Trust authentication on loopback as superuser "accord", database "postgres".</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=accord;Database=postgres;Pooling=true";

    /// <summary>Creates and starts a server.</summary>
    /// <exception cref="InvalidOperationException">initdb or pg_ctl cannot be found or fail.</exception>
    public static PostgresInstance Start()
    {
        var bin = BinDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"PostgreSQL's initdb and pg_ctl are in none of {string.Join(", ", BinDirectories)}: install PostgreSQL (apt-get install postgresql) to run the cluster tests");
        var runAs = Environment.UserName == "root" ? (UserExists("postgres") ? "postgres" : "nobody") : null;
        var directory = System.IO.Directory.CreateTempSubdirectory("accord-pg-").FullName;
        if (runAs is not null)
        {
            Run("chown", [runAs, directory], null);
        }

        var instance = new PostgresInstance(bin, runAs, directory, Loopback.FreePort());
        instance.Pg("initdb", ["-D", instance.DataPath, "-U", "accord", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        instance.Pg("pg_ctl", ["-D", instance.DataPath, "-l", Path.Combine(directory, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {instance.Port} -h 127.0.0.1 -k {directory} -c max_connections=200", "start"]);
        instance._running = true;
        return instance;
    }

    private string DataPath => Path.Combine(Directory, "data");

    /// <summary>The server's log, for failure messages.</summary>
    public string Log()
    {
        var path = Path.Combine(Directory, "postgres.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public void Dispose()
    {
        if (_running)
        {
            _running = false;
            Pg("pg_ctl", ["-D", DataPath, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Pg(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(_bin, tool);
        if (_runAs is null)
        {
            Run(path, args, Directory);
        }
        else
        {
            Run("runuser", ["-u", _runAs, "--", path, .. args], Directory);
        }
    }

    private static void Run(string file, IReadOnlyList<string> args, string? workingDirectory)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill();
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 90 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }

    private static bool UserExists(string user)
    {
        try
        {
            Run("id", ["-u", user], null);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
