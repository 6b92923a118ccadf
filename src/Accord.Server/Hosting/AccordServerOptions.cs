using System.ComponentModel.DataAnnotations;
using Accord.Grains.Devices;
using Accord.Transparency;

namespace Accord.Server.Hosting;

/// <summary>How an Accord server runs (configuration section "Accord:Server").</summary>
public sealed class AccordServerOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Accord:Server";

    /// <summary>
    /// Directory holding the SQLite store and the log's key file log.key (created if missing). Default ./accord-data.
    /// With PostgreSQL it holds only log.key, which every server of a cluster must share.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "accord-data";

    /// <summary>Address the gRPC endpoint listens on. Default 127.0.0.1.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>gRPC port (HTTP/2; TLS when <see cref="Tls"/> names a certificate); 0 picks a free port. Default 5080.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5080;

    /// <summary>
    /// PostgreSQL connection string (Npgsql syntax, e.g. "Host=127.0.0.1;Port=5432;Username=accord;Database=accord").
    /// When set, cluster membership, grain state and the transparency log live in PostgreSQL and several
    /// servers with the same <see cref="ClusterId"/> form one cluster; when empty (the default), one server
    /// keeps everything in SQLite under <see cref="DataDirectory"/>.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>Orleans silo-to-silo port on <see cref="Host"/> with PostgreSQL; 0 picks a free one. Default 11111.</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Orleans gateway port on <see cref="Host"/> with PostgreSQL, for Orleans clients (no Accord component is one:
    /// the gRPC services run inside the silo). 0, the default, opens no gateway; a port takes only clients that
    /// present a certificate from the cluster CA (<see cref="ClusterTls"/>).
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>The cluster this server joins with PostgreSQL (one database can hold several). Default "accord".</summary>
    [Required]
    public string ClusterId { get; set; } = "accord";

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

    /// <summary>What one negotiation session may cost (section "Accord:Server:Negotiation").</summary>
    public Grains.Negotiations.NegotiationOptions Negotiation { get; set; } = new();

    /// <summary>The governance body that grants roles (section "Accord:Server:Governance"); local to the data directory unless keys are named.</summary>
    public GovernanceOptions Governance { get; set; } = new();

    /// <summary>TLS on the gRPC endpoint (section "Accord:Server:Tls"); off unless a certificate is named.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Mutual TLS between the silos of a PostgreSQL cluster (section "Accord:Server:ClusterTls").</summary>
    public ClusterTlsOptions ClusterTls { get; set; } = new();

    /// <summary>Per-party and per-address rate limits (section "Accord:Server:RateLimits").</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>OpenTelemetry export (section "Accord:Server:Telemetry").</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Whether state lives in PostgreSQL (<see cref="Postgres"/> is set).</summary>
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Postgres);

    /// <summary>The SQLite file of grain state inside the data directory.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "accord.db");

    /// <summary>The SQLite file of the transparency log inside the data directory.</summary>
    public string LogDatabasePath => Path.Combine(DataDirectory, "log.db");

    /// <summary>The rules between settings: cluster TLS and the gateway (<see cref="ClusterTlsOptions.Problem"/>).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClusterTls.Problem(UsesPostgres, GatewayPort) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(ClusterTls)]);
        }
    }
}
