using System.Globalization;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>The TCP ports a process listens on, read from Linux's /proc: its socket inodes (/proc/PID/fd) matched against /proc/PID/net/tcp and tcp6.</summary>
public static class ListeningPorts
{
    private const string Listen = "0A";

    public static IReadOnlySet<int> Of(int processId)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.EnumerateFiles($"/proc/{processId}/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // Closed while we looked: not a listening socket worth counting.
            }
        }

        var ports = new SortedSet<int>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            foreach (var line in File.ReadLines($"/proc/{processId}/net/{table}").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == Listen && inodes.Contains(fields[9]))
                {
                    ports.Add(int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }
}
