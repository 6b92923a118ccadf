using System.ComponentModel.DataAnnotations;
using Accord.Grains.Devices;
using Accord.Grains.Log;

namespace Accord.Server.Hosting;

/// <summary>How an Accord server runs (configuration section "Accord:Server").</summary>
public sealed class AccordServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Accord:Server";

    /// <summary>Directory holding the SQLite store (created if missing). Default ./accord-data.</summary>
    [Required]
    public string DataDirectory { get; set; } = "accord-data";

    /// <summary>Address the gRPC endpoint listens on. Default 127.0.0.1.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>gRPC port (HTTP/2 without TLS); 0 picks a free port. Default 5080.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5080;

    /// <summary>Largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Allowed clock skew of signed requests, either way. Default 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lowest log level written to the console. Default Warning.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The transparency log: origin, batching, trusted witnesses (section "Accord:Server:Log").</summary>
    public TransparencyLogOptions Log { get; set; } = new();

    /// <summary>Challenges, report cadence and liveness (section "Accord:Server:Monitoring").</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>The SQLite file of grain state inside the data directory.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "accord.db");

    /// <summary>The SQLite file of the transparency log inside the data directory.</summary>
    public string LogDatabasePath => Path.Combine(DataDirectory, "log.db");
}
