// The agent side of accord.v1.MonitoringService.Stream (protos/accord/v1/monitoring_service.proto): a signed
// hello (DSSE envelope of MonitoringHello, Ed25519 per RFC 8032), then one batch at a time, each answered
// by a BatchAck sent only once the server made the accepted reports durable.
using Accord.Agent.Spool;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accord.Agent.Upload;

/// <summary>How the uploader behaves.</summary>
/// <param name="BatchSize">Most reports in one batch (1 to 10,000).</param>
/// <param name="InitialBackoff">First delay before reconnecting (default 100 ms).</param>
/// <param name="MaxBackoff">Longest delay before reconnecting (default 5 s).</param>
/// <param name="AckTimeout">How long to wait for "opened" or for a batch's ack before giving the stream up (default 30 s).</param>
/// <param name="AgentName">The name sent in the hello, for the server's logs.</param>
public sealed record UploaderSettings(
    int BatchSize = 64,
    TimeSpan? InitialBackoff = null,
    TimeSpan? MaxBackoff = null,
    TimeSpan? AckTimeout = null,
    string AgentName = "accord-agent");

/// <summary>The uploader is between streams: the last one failed or never opened.</summary>
/// <param name="Server">The server it will try next (null when it was given one client, not a rotation).</param>
/// <param name="Attempt">Failures in a row since a stream last opened (1 after the first).</param>
/// <param name="NextAt">When it tries again.</param>
public sealed record UploadRetry(Grpc.Net.Client.GrpcChannel? Server, int Attempt, DateTimeOffset NextAt);

/// <summary>
/// Sends the spool's pending reports to the server and records what it says. One stream at a time, one
/// batch in flight: send up to <see cref="UploaderSettings.BatchSize"/> pending reports in spool order,
/// wait for their ack, mark ACCEPTED and DUPLICATE acked and REJECTED rejected (in one spool
/// transaction, with the challenges the ack carries), repeat. On any failure (an RpcException, an
/// IOException, the stream ending, a wrong answer, a timeout) it backs off and opens a new stream, and
/// the reports still pending are sent again: the server answers DUPLICATE for those it already stored,
/// so nothing is lost and nothing is counted twice. A report is never sent after its ack was recorded.
/// </summary>
public sealed class ReportUploader
{
    /// <summary>Rejection reasons that mean the server does not hold the device's current key: make a new one.</summary>
    public static IReadOnlySet<string> RekeyReasons { get; } = new HashSet<string>(StringComparer.Ordinal) { "WRONG_EPOCH", "NO_REPORTING_KEY" };

    private readonly ReportSpool _spool;
    private readonly MonitoringService.MonitoringServiceClient? _client;
    private readonly ServerRotation? _servers;
    private Grpc.Net.Client.GrpcChannel? _streamChannel;
    private readonly string _labPartyId;
    private readonly PartyKeyPair _labKey;
    private readonly UploaderSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _work = new(0, 1);
    private readonly Backoff _backoff;
    private readonly TimeSpan _ackTimeout;
    private readonly AgentRefusals _refusals;
    private int _batchSize;
    private int _failures;

    /// <summary>Creates the uploader; <see cref="RunAsync"/> starts it.</summary>
    public ReportUploader(
        ReportSpool spool,
        MonitoringService.MonitoringServiceClient client,
        string labPartyId,
        PartyKeyPair labKey,
        UploaderSettings? settings = null,
        TimeProvider? time = null,
        ILogger? logger = null,
        AgentRefusals? refusals = null)
        : this(spool, client, null, labPartyId, labKey, settings, time, logger, refusals)
    {
        ArgumentNullException.ThrowIfNull(client);
    }

    /// <summary>Creates an uploader that streams to one server of <paramref name="servers"/> and, when that stream fails, opens the next on the next server.</summary>
    public ReportUploader(
        ReportSpool spool,
        ServerRotation servers,
        string labPartyId,
        PartyKeyPair labKey,
        UploaderSettings? settings = null,
        TimeProvider? time = null,
        ILogger? logger = null,
        AgentRefusals? refusals = null)
        : this(spool, null, servers ?? throw new ArgumentNullException(nameof(servers)), labPartyId, labKey, settings, time, logger, refusals)
    {
    }

    private ReportUploader(
        ReportSpool spool,
        MonitoringService.MonitoringServiceClient? client,
        ServerRotation? servers,
        string labPartyId,
        PartyKeyPair labKey,
        UploaderSettings? settings,
        TimeProvider? time,
        ILogger? logger,
        AgentRefusals? refusals)
    {
        _spool = spool ?? throw new ArgumentNullException(nameof(spool));
        _client = client;
        _servers = servers;
        _labPartyId = labPartyId ?? throw new ArgumentNullException(nameof(labPartyId));
        _labKey = labKey ?? throw new ArgumentNullException(nameof(labKey));
        _settings = settings ?? new UploaderSettings();
        if (_settings.BatchSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), _settings.BatchSize, "A batch holds 1 to 10,000 reports.");
        }

        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _backoff = new Backoff(_settings.InitialBackoff, _settings.MaxBackoff);
        _ackTimeout = _settings.AckTimeout ?? TimeSpan.FromSeconds(30);
        _batchSize = _settings.BatchSize;
        _refusals = refusals ?? new AgentRefusals();
    }

    /// <summary>Raised after each ack is recorded, with the number of reports newly acked and rejected.</summary>
    public event Action<int, int>? Resolved;

    /// <summary>Whether a stream is open right now.</summary>
    public bool Connected { get; private set; }

    /// <summary>When the uploader is between streams: the server it tries next, the attempt, and when; null while a stream is open.</summary>
    public UploadRetry? Retrying { get; private set; }

    /// <summary>Streams opened so far.</summary>
    public int StreamsOpened { get; private set; }

    /// <summary>Batches sent so far (including those whose ack never came).</summary>
    public long BatchesSent { get; private set; }

    /// <summary>Says that new reports are pending (wakes the uploader at once instead of at its next poll).</summary>
    public void Notify()
    {
        try
        {
            if (_work.CurrentCount == 0)
            {
                _work.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>
    /// Uploads until <paramref name="cancellationToken"/> is cancelled; returns then (never throws for cancellation). Each
    /// refusal by the server goes to the <see cref="AgentRefusals"/> given: told once, or, when no retry cures it (the lab's
    /// key unknown, a report of a device another lab enrolled), thrown as <see cref="AgentRefusedException"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await StreamOnceAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException e) when (RpcErrorDetails.IsRateLimited(e))
            {
                // Over the lab's report rate: nothing of the batch was taken. Same server, same batch size, after the delay asked for.
                var wait = RpcErrorDetails.RetryDelay(e) ?? _backoff.Next();
                _refusals.Handle(new AgentRefusal(null, "monitoring stream", ServerRefusal.Of(e)));
                Retrying = new UploadRetry(_streamChannel, ++_failures, _time.GetUtcNow() + wait);
                _logger.LogWarning("The server is rate limiting this lab ({Problem}); sending again in {Delay} ms.", Describe(e), Math.Ceiling(wait.TotalMilliseconds));
                try
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && _batchSize > 1)
            {
                // The batch was larger than the server takes: send smaller ones from now on.
                _refusals.Handle(new AgentRefusal(null, "monitoring stream", ServerRefusal.Of(e)));
                _batchSize = Math.Max(1, _batchSize / 2);
                _logger.LogWarning("The server refused a batch as too large ({Problem}); batches now hold at most {Size} reports.", Describe(e), _batchSize);
            }
            catch (Exception e) when (e is RpcException or IOException or MonitoringStreamBrokenException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
            {
                if (e is RpcException rpc && !ServerRefusal.IsConnectionFailure(rpc))
                {
                    // The server refused the stream (say, the lab's key is not on record): stop if no retry cures it.
                    _refusals.Handle(new AgentRefusal(null, "monitoring stream", ServerRefusal.Of(rpc)));
                }

                _logger.LogWarning("Monitoring stream to the server failed ({Problem}); pending reports will be sent again.", Describe(e));
                if (_servers is { Count: > 1 } servers && _streamChannel is { } failed)
                {
                    _logger.LogWarning("Failing over from {Failed} to {Next}.", failed.Target, servers.FailedOver(failed).Target);
                }
            }
            finally
            {
                Connected = false;
            }

            var delay = _backoff.Next();
            Retrying = new UploadRetry(_servers?.Current, ++_failures, _time.GetUtcNow() + delay);
            try
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task StreamOnceAsync(CancellationToken cancellationToken)
    {
        _streamChannel = _servers?.Current;
        var client = _streamChannel is null ? _client! : new MonitoringService.MonitoringServiceClient(_streamChannel);
        using var stream = await MonitoringStream.OpenAsync(client, _labPartyId, _labKey, _settings.AgentName, cancellationToken, _ackTimeout, _time);
        Connected = true;
        Retrying = null;
        _failures = 0;
        StreamsOpened++;
        _logger.LogInformation("Monitoring stream open for party {Party} (server expects a report every {Seconds} s).", stream.Opened.PartyId, stream.Opened.ReportIntervalSeconds);

        while (true)
        {
            var batch = _spool.PendingBatch(_batchSize);
            if (batch.Count == 0)
            {
                await WaitForWorkAsync(cancellationToken);
                continue;
            }

            BatchesSent++;
            var ack = await stream.SendAsync(batch.Select(report => Envelope.Parser.ParseFrom(report.Envelope)), cancellationToken);
            Record(batch, ack);
            _backoff.Reset();
        }
    }

    private void Record(IReadOnlyList<SpooledReport> batch, BatchAck ack)
    {
        var byPosition = new Dictionary<uint, ReportResult>();
        foreach (var result in ack.Results)
        {
            byPosition.TryAdd(result.Position, result);
        }

        var resolutions = new List<ReportResolution>(batch.Count);
        var refused = new List<(string DeviceId, ReportResult Result)>();
        for (var position = 0; position < batch.Count; position++)
        {
            var report = batch[position];
            if (!byPosition.TryGetValue((uint)position, out var result))
            {
                _logger.LogWarning("Ack of batch {Batch} has no result for position {Position}; the report stays pending.", ack.BatchId, position);
                continue;
            }

            if ((result.DeviceId.Length > 0 && result.DeviceId != report.DeviceId) || (result.Sequence != 0 && result.Sequence != report.Sequence))
            {
                _logger.LogWarning("Ack of batch {Batch} position {Position} names {Device}#{Sequence}, not {OurDevice}#{OurSequence}; the report stays pending.",
                    ack.BatchId, position, result.DeviceId, result.Sequence, report.DeviceId, report.Sequence);
                continue;
            }

            switch (result.Outcome)
            {
                case ReportOutcome.Accepted:
                case ReportOutcome.Duplicate:
                    resolutions.Add(new ReportResolution(report.Id, ReportState.Acked));
                    break;
                case ReportOutcome.Rejected:
                    var reason = result.Reason.Length > 0 ? result.Reason : "UNSPECIFIED";
                    _logger.LogWarning("Report {Device} epoch {Epoch} sequence {Sequence} rejected: {Reason} ({Message}).",
                        report.DeviceId, report.BootEpoch, report.Sequence, reason, result.Message);
                    resolutions.Add(new ReportResolution(report.Id, ReportState.Rejected, reason, RekeyReasons.Contains(reason)));
                    refused.Add((report.DeviceId, result));
                    break;
                default:
                    _logger.LogWarning("Ack of batch {Batch} position {Position} has no outcome; the report stays pending.", ack.BatchId, position);
                    break;
            }
        }

        var challenges = ack.Challenges
            .Where(c => c.DeviceId.Length > 0 && c.Nonce.Length > 0)
            .Select(c => (c.DeviceId, c.Nonce.ToByteArray()))
            .ToList();
        var (acked, rejected) = _spool.Resolve(resolutions, challenges);
        Resolved?.Invoke(acked, rejected);

        // Told once per device and reason however many reports meet it; one no retry cures stops the agent.
        foreach (var (deviceId, result) in refused)
        {
            _refusals.Handle(new AgentRefusal(deviceId, "report", ServerRefusal.OfReport(result.Reason.Length > 0 ? result.Reason : "UNSPECIFIED", result.Message)));
        }
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        // Woken by Notify; the poll catches reports appended by another process or a missed signal.
        await _work.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
    }

    private static string Describe(Exception e) => e switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => e.Message,
    };
}
