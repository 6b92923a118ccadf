using Accord.Agent.Chips;
using Accord.Agent.Reports;
using Accord.Core.Keys;
using Accord.Protos.V1;

namespace Accord.Agent;

/// <summary>One device the agent reports for.</summary>
public sealed class AgentDeviceOptions
{
    /// <summary>The chip name that selects <see cref="NvmlChipReader"/>.</summary>
    public const string NvmlChip = "nvml";

    /// <summary>The device id (its identity certificate's subject serial number); matched to an <see cref="IDeviceIdentity"/>.</summary>
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>Where the host (the CLI) loads the device's identity from; the runner itself takes identities ready-made.</summary>
    public string? IdentityPath { get; set; }

    /// <summary>The device model (sets the peak FLOP/s of the estimate).</summary>
    public DeviceModel Model { get; set; } = DeviceModel.H100Sxm;

    /// <summary>The precision FLOP are counted in (default BF16).</summary>
    public Precision Precision { get; set; } = PeakFlops.DefaultPrecision;

    /// <summary>
    /// The chip: "nvml" (a real NVIDIA GPU, see <see cref="NvmlIndex"/>) or a simulated pattern: "idle",
    /// "steady", "bursty", "training-run" (see <see cref="SimulatedChip"/>).
    /// </summary>
    public string Chip { get; set; } = "steady";

    /// <summary>The seed of a simulated chip.</summary>
    public ulong Seed { get; set; }

    /// <summary>The NVML device index of an "nvml" chip.</summary>
    public uint NvmlIndex { get; set; }

    /// <summary>The workload id to report (NVML cannot tell; default "unlabelled"), or a simulated chip's workload name.</summary>
    public string? WorkloadId { get; set; }

    /// <summary>Peer devices in the same workload (reported hashed).</summary>
    public List<string> Peers { get; set; } = [];
}

/// <summary>What the monitoring agent does and where (bound from configuration by the host).</summary>
public sealed class AgentOptions
{
    /// <summary>The Accord server's gRPC address (e.g. http://127.0.0.1:5000); or use <see cref="Servers"/>.</summary>
    public Uri? Server { get; set; }

    /// <summary>
    /// The gRPC addresses of several servers (the silos of one cluster), tried in turn: the agent uses
    /// one until it fails, then the next. When empty, <see cref="Server"/> alone.
    /// </summary>
    public List<Uri> Servers { get; set; } = [];

    /// <summary>
    /// A CA certificate file (PEM or DER) to trust for https:// servers instead of the system's roots: the
    /// servers' certificate chains must build to it (a private CA, or the server's self-signed certificate).
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The servers to use: <see cref="Servers"/>, or <see cref="Server"/> when that list is empty.</summary>
    public IReadOnlyList<Uri> EffectiveServers => Servers.Count > 0 ? Servers : Server is null ? [] : [Server];

    /// <summary>The lab's party key file (accord-ed25519-key/v1); its party signs hellos and key submissions.</summary>
    public string LabKeyFile { get; set; } = string.Empty;

    /// <summary>The devices to report for.</summary>
    public List<AgentDeviceOptions> Devices { get; set; } = [];

    /// <summary>The spool database (created mode 0600: it holds reporting key seeds).</summary>
    public string SpoolPath { get; set; } = Path.Combine("accord-agent", "spool.db");

    /// <summary>Time between reports (default 60 s, the server's default expectation).</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most reports in one batch (default 64).</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>How long a reporting key is valid (default 24 h); a new epoch starts after it.</summary>
    public TimeSpan KeyValidity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>First delay before reconnecting or retrying a key (default 100 ms).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest such delay (default 5 s).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for a batch's ack before opening a new stream (default 30 s).</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long acknowledged reports stay in the spool (default 7 days; rejected ones stay).</summary>
    public TimeSpan AckedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The agent's name in the hello, for the server's logs.</summary>
    public string AgentName { get; set; } = "accord-agent";

    /// <summary>Every problem with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (EffectiveServers.Count == 0)
        {
            problems.Add("Server (or Servers) must name the server's address.");
        }
        else if (EffectiveServers.Any(s => s is null || !s.IsAbsoluteUri || (s.Scheme != Uri.UriSchemeHttp && s.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add("Server must be an absolute http:// or https:// address.");
        }

        if (!string.IsNullOrWhiteSpace(CaCertificatePath) && EffectiveServers.Any(s => s is not null && s.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("CaCertificatePath is for https:// servers; every server must then be https://.");
        }

        if (string.IsNullOrWhiteSpace(LabKeyFile))
        {
            problems.Add("LabKeyFile must name the lab's key file.");
        }

        if (string.IsNullOrWhiteSpace(SpoolPath))
        {
            problems.Add("SpoolPath must name the spool database.");
        }

        if (ReportInterval <= TimeSpan.Zero || ReportInterval > TimeSpan.FromDays(1))
        {
            problems.Add("ReportInterval must be more than 0 and at most 1 day.");
        }

        if (BatchSize is < 1 or > 10_000)
        {
            problems.Add("BatchSize must be 1 to 10,000.");
        }

        if (KeyValidity <= ReportInterval)
        {
            problems.Add("KeyValidity must be longer than ReportInterval.");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            problems.Add("InitialBackoff must be positive and at most MaxBackoff.");
        }

        if (AckTimeout <= TimeSpan.Zero)
        {
            problems.Add("AckTimeout must be positive.");
        }

        if (AckedRetention < TimeSpan.Zero)
        {
            problems.Add("AckedRetention must not be negative.");
        }

        if (Devices.Count == 0)
        {
            problems.Add("Devices must name at least one device.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in Devices)
        {
            if (string.IsNullOrWhiteSpace(device.DeviceId))
            {
                problems.Add("Every device needs a DeviceId.");
                continue;
            }

            if (!seen.Add(device.DeviceId))
            {
                problems.Add($"Device '{device.DeviceId}' is listed twice.");
            }

            if (!PeakFlops.TryGet(device.Model, device.Precision, out _))
            {
                problems.Add($"Device '{device.DeviceId}': the agent has no peak FLOP/s for {device.Model} at {device.Precision}.");
            }

            if (device.Chip != AgentDeviceOptions.NvmlChip && !ChipPatterns.TryParse(device.Chip, out _))
            {
                problems.Add($"Device '{device.DeviceId}': chip '{device.Chip}' is none of nvml, {string.Join(", ", ChipPatterns.Names)}.");
            }
        }

        return problems;
    }

    /// <summary>Throws when <see cref="Problems"/> finds any.</summary>
    /// <exception cref="ArgumentException">The options are not usable; the message lists every problem.</exception>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Agent options are not valid: " + string.Join(" ", problems));
        }
    }

    /// <summary>Reads the lab's key file.</summary>
    /// <exception cref="KeyFileException">The file cannot be read or is not valid.</exception>
    internal KeyFileContents ReadLabKey() => KeyFile.Read(LabKeyFile);
}
