using System.Net;
using Accord.Agent.Chips;
using Accord.Agent.Keys;
using Accord.Agent.Spool;
using Accord.Agent.Upload;
using Accord.Protos.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accord.Agent;

/// <summary>The agent's progress.</summary>
/// <param name="Produced">Reports produced (signed and spooled) since this run started.</param>
/// <param name="Acked">Reports the server acknowledged (ACCEPTED or DUPLICATE) since this run started.</param>
/// <param name="Rejected">Reports the server rejected since this run started.</param>
/// <param name="Pending">Reports in the spool waiting for an ack now, including those left by earlier runs.</param>
/// <param name="Connected">Whether a monitoring stream is open.</param>
public sealed record AgentStatus(long Produced, long Acked, long Rejected, long Pending, bool Connected)
{
    /// <summary>While no stream is open: the server the agent tries next, the attempt and how long until it does.</summary>
    public AgentReconnect? Reconnect { get; init; }
}

/// <summary>The agent is reconnecting.</summary>
/// <param name="Server">The server it tries next.</param>
/// <param name="Attempt">Failures in a row since a stream last opened.</param>
/// <param name="NextIn">How long until the next try (zero when it is due).</param>
public sealed record AgentReconnect(Uri Server, int Attempt, TimeSpan NextIn)
{
    /// <summary>"reconnecting to http://host:port/ (attempt 3, next in 1.6s)"</summary>
    public override string ToString() => $"reconnecting to {Server} (attempt {Attempt}, next in {NextIn.TotalSeconds:0.#}s)";
}

/// <summary>
/// Runs the monitoring agent: one producer per device (reporting key, chip, signed reports into the spool)
/// and one uploader (spool to server), until cancelled. Killing the process at any moment loses no
/// report and duplicates none: see docs/agent.md.
/// </summary>
public sealed class AgentRunner
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<AgentDeviceOptions, IChipReader>? _chipFactory;
    private long _produced;
    private long _acked;
    private long _rejected;
    private long _pending;
    private readonly AgentRefusals _refusals = new();
    private ReportUploader? _uploader;
    private IReadOnlyList<(Grpc.Net.Client.GrpcChannel Channel, Uri Server)> _servers = [];
    private AgentReconnect? _lastReconnect;
    private int _running;

    /// <summary>Creates a runner.</summary>
    /// <param name="time">The clock (default the system's).</param>
    /// <param name="logger">Where progress and problems go (default nowhere).</param>
    /// <param name="chipFactory">Makes each device's chip reader (default <see cref="CreateChip"/>).</param>
    public AgentRunner(TimeProvider? time = null, ILogger? logger = null, Func<AgentDeviceOptions, IChipReader>? chipFactory = null)
    {
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _chipFactory = chipFactory;
    }

    /// <summary>
    /// Raised the first time each refusal that retrying may cure is met (once per device, status and reason); a refusal no
    /// retry cures is not raised: <see cref="RunAsync"/> throws it as <see cref="AgentRefusedException"/>.
    /// </summary>
    public event Action<AgentRefusal>? Refused
    {
        add => _refusals.Refused += value;
        remove => _refusals.Refused -= value;
    }

    /// <summary>Progress so far (safe to read while running; after a run, as it ended).</summary>
    public AgentStatus Status
    {
        get
        {
            var uploader = _uploader;
            return new(
                Interlocked.Read(ref _produced),
                Interlocked.Read(ref _acked),
                Interlocked.Read(ref _rejected),
                Interlocked.Read(ref _pending),
                uploader?.Connected ?? false)
            {
                Reconnect = uploader is null ? _lastReconnect : Reconnecting(uploader),
            };
        }
    }

    private AgentReconnect? Reconnecting(ReportUploader uploader)
    {
        if (uploader.Retrying is not { } retry)
        {
            return null;
        }

        var server = _servers.FirstOrDefault(s => ReferenceEquals(s.Channel, retry.Server)).Server ?? _servers[0].Server;
        var left = retry.NextAt - _time.GetUtcNow();
        return new AgentReconnect(server, retry.Attempt, left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    /// <summary>
    /// The chip reader for <paramref name="device"/>: <see cref="NvmlChipReader"/> for "nvml" (only where
    /// libnvidia-ml.so.1 loads), else a <see cref="SimulatedChip"/> of the named pattern.
    /// </summary>
    /// <exception cref="InvalidOperationException">"nvml" where NVML cannot be opened.</exception>
    public static IChipReader CreateChip(AgentDeviceOptions device, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Chip == AgentDeviceOptions.NvmlChip)
        {
            return NvmlChipReader.TryOpen(device.NvmlIndex, time, device.WorkloadId ?? "unlabelled", device.Peers, out var problem)
                ?? throw new InvalidOperationException($"Device '{device.DeviceId}': NVML cannot be used: {problem}");
        }

        if (!ChipPatterns.TryParse(device.Chip, out var pattern))
        {
            throw new InvalidOperationException($"Device '{device.DeviceId}': chip '{device.Chip}' is none of nvml, {string.Join(", ", ChipPatterns.Names)}.");
        }

        return new SimulatedChip(device.DeviceId, device.Seed, pattern, new SimulatedChipSettings { WorkloadId = device.WorkloadId, PeerDeviceIds = device.Peers });
    }

    /// <summary>
    /// Runs producers and uploader until <paramref name="cancellationToken"/> is cancelled, then returns.
    /// Every device in the options needs an identity with its device id.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid or a device has no identity.</exception>
    /// <exception cref="Core.Keys.KeyFileException">The lab key file cannot be read.</exception>
    /// <exception cref="AgentRefusedException">The server refused the agent in a way no retry cures (another lab's device, a
    /// device never enrolled, the lab's key unknown, a bad signature): the agent stopped.</exception>
    public async Task RunAsync(AgentOptions options, IReadOnlyList<IDeviceIdentity> identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identities);
        options.Validate();
        var byId = new Dictionary<string, IDeviceIdentity>(StringComparer.Ordinal);
        foreach (var identity in identities)
        {
            byId.TryAdd(identity.DeviceId, identity);
        }

        var missing = options.Devices.Where(d => !byId.ContainsKey(d.DeviceId)).Select(d => d.DeviceId).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"No identity for device(s) {string.Join(", ", missing)}.", nameof(identities));
        }

        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This runner is already running.");
        }

        var chips = new List<IChipReader>();
        try
        {
            var lab = options.ReadLabKey();
            using var labKey = lab.Key;
            using var spool = ReportSpool.Open(options.SpoolPath, _time);
            Interlocked.Exchange(ref _pending, spool.Counts().Pending);
            var channels = options.EffectiveServers.Select(server => Accord.Client.AccordChannel.Open(server, options.CaCertificatePath, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                    KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                    KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                    EnableMultipleHttp2Connections = true,
                },
                DisposeHttpClient = true,
            })).ToList();
            using var disposeChannels = new ChannelsDisposer(channels);
            var servers = new ServerRotation(channels);
            _servers = [.. channels.Zip(options.EffectiveServers)];
            _lastReconnect = null;

            var uploader = new ReportUploader(
                spool,
                servers,
                lab.PartyId,
                labKey,
                new UploaderSettings(options.BatchSize, options.InitialBackoff, options.MaxBackoff, options.AckTimeout, options.AgentName),
                _time,
                _logger,
                _refusals);
            uploader.Resolved += (acked, rejected) =>
            {
                Interlocked.Add(ref _acked, acked);
                Interlocked.Add(ref _rejected, rejected);
                Interlocked.Add(ref _pending, -(acked + rejected));
            };
            _uploader = uploader;

            var enroller = new ReportingKeyEnroller(servers, spool, lab.PartyId, labKey, options.KeyValidity, _time, _logger);
            var producers = new List<DeviceProducer>();
            foreach (var device in options.Devices)
            {
                var chip = _chipFactory?.Invoke(device) ?? CreateChip(device, _time);
                chips.Add(chip);
                producers.Add(new DeviceProducer(byId[device.DeviceId], device, chip, spool, enroller, options, _time, _logger, _refusals, () =>
                {
                    Interlocked.Increment(ref _produced);
                    Interlocked.Increment(ref _pending);
                    uploader.Notify();
                }));
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tasks = new List<Task> { uploader.RunAsync(stop.Token), PruneAsync(spool, options.AckedRetention, stop.Token) };
            tasks.AddRange(producers.Select(p => p.RunAsync(stop.Token)));
            _logger.LogInformation("Agent running for {Count} device(s) as party {Party}, reporting every {Interval} s to {Server}.",
                options.Devices.Count, lab.PartyId, options.ReportInterval.TotalSeconds, string.Join(", ", options.EffectiveServers));

            // Any task that fails (a broken spool, a bug) stops the others; then its exception surfaces.
            await Task.WhenAll(tasks.Select(task => StopAllOnFailure(task, stop)));
        }
        finally
        {
            foreach (var chip in chips)
            {
                (chip as IDisposable)?.Dispose();
            }

            if (_uploader is { } last)
            {
                _lastReconnect = Reconnecting(last);
            }

            _uploader = null;
            Interlocked.Exchange(ref _running, 0);
        }
    }

    private sealed class ChannelsDisposer(IReadOnlyList<GrpcChannel> channels) : IDisposable
    {
        public void Dispose()
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task StopAllOnFailure(Task task, CancellationTokenSource stop)
    {
        try
        {
            await task;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task PruneAsync(ReportSpool spool, TimeSpan retention, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), _time);
            do
            {
                var removed = spool.PruneAcked(_time.GetUtcNow() - retention);
                if (removed > 0)
                {
                    _logger.LogInformation("Removed {Count} acknowledged report(s) older than {Days:0.#} days from the spool.", removed, retention.TotalDays);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
