using System.Diagnostics;
using System.Globalization;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accord.Bench;

/// <summary>
/// `accord bench load`: real gRPC load against running servers (one, or the silos of a cluster). Registers
/// a lab and an inspector, trusts a fresh test manufacturer, enrols devices, then each device streams signed
/// reports over its own monitoring stream (device i to server i mod the number of servers), one batch in
/// flight, for the given time; prints acknowledged reports/s, ack latency, errors and reports per server.
/// </summary>
public static class LoadBench
{
    /// <summary>The figures `accord bench load` reports.</summary>
    /// <param name="Servers">The servers, in the order given.</param>
    /// <param name="Devices">Devices, each on its own stream.</param>
    /// <param name="Batch">Reports per batch.</param>
    /// <param name="Seconds">From the first batch sent to the last ack received.</param>
    /// <param name="Acked">Reports acknowledged as accepted (each a new log entry).</param>
    /// <param name="AckedPerS">Acked over seconds.</param>
    /// <param name="Batches">Batches acknowledged.</param>
    /// <param name="AckP50Ms">Median time from sending a batch to its ack.</param>
    /// <param name="AckP99Ms">99th percentile of the same.</param>
    /// <param name="AckMaxMs">Longest of the same.</param>
    /// <param name="Duplicates">Reports acknowledged as duplicates (resent after a failed stream).</param>
    /// <param name="Errors">Failed streams plus rejected reports.</param>
    /// <param name="ErrorsByStatus">Failed streams by gRPC status, rejected reports by "REJECTED_" + reason.</param>
    /// <param name="AckedPerServer">Acked reports by server.</param>
    /// <param name="LogSizeBefore">The log's tree size when streaming began.</param>
    /// <param name="LogSizeAfter">The log's tree size when the last ack had come.</param>
    /// <param name="SetupSeconds">Registering, trusting, enrolling.</param>
    public sealed record Result(
        IReadOnlyList<string> Servers,
        int Devices,
        int Batch,
        double Seconds,
        long Acked,
        double AckedPerS,
        long Batches,
        double AckP50Ms,
        double AckP99Ms,
        double AckMaxMs,
        long Duplicates,
        long Errors,
        IReadOnlyDictionary<string, long> ErrorsByStatus,
        IReadOnlyDictionary<string, long> AckedPerServer,
        long LogSizeBefore,
        long LogSizeAfter,
        double SetupSeconds);

    /// <summary>Each report covers 10 ms, starting a day ago: a 30-second run stays far from the server's clock.</summary>
    private static readonly TimeSpan ReportLength = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the load; <paramref name="governance"/> grants the fleet's inspector its role, <paramref name="caCertificate"/> is the
    /// CA to trust for https:// servers (--ca-cert).
    /// </summary>
    public static async Task<Result> RunAsync(IReadOnlyList<Uri> servers, int deviceCount, TimeSpan duration, int batchSize, IReadOnlyList<PartyKeyPair> governance, Action<string>? progress, CancellationToken cancellationToken, string? caCertificate = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        GrpcChannel[] channels;
        try
        {
            channels = [.. servers.Select(s => Accord.Client.AccordChannel.Open(s, caCertificate, new GrpcChannelOptions
            {
                MaxSendMessageSize = 64 * 1024 * 1024,
                MaxReceiveMessageSize = 64 * 1024 * 1024,
                HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            }))];
        }
        catch (ArgumentException e)
        {
            throw new BenchInputException($"--servers: {e.Message}");
        }

        try
        {
            // Every server must answer before anything is registered: one that does not is named.
            for (var i = 0; i < servers.Count; i++)
            {
                await LogSizeAsync(channels[i], servers[i], cancellationToken);
            }

            var setup = Stopwatch.StartNew();
            var suffix = Guid.NewGuid().ToString("N")[..8];
            var fleet = await BenchFleet.CreateAsync(channels[0], deviceCount, "load-" + suffix, "LOAD-" + suffix.ToUpperInvariant(), governance, cancellationToken);
            setup.Stop();
            progress?.Invoke($"enrolled {deviceCount} devices in {setup.Elapsed.TotalSeconds:0.0} s; streaming for {duration.TotalSeconds:0.#} s over {servers.Count} server(s) in batches of {batchSize}");

            var before = await LogSizeAsync(channels[0], servers[0], cancellationToken);
            var state = new RunState(servers.Count);
            var watch = Stopwatch.StartNew();
            var deadline = duration;
            using var stopProgress = new CancellationTokenSource();
            var reporter = ReportProgressAsync(state, watch, progress, stopProgress.Token);
            var origin = DateTimeOffset.UtcNow.AddDays(-1);
            var loops = fleet.Devices.Select((device, i) => Task.Run(
                () => DeviceLoopAsync(fleet, device, channels[i % channels.Length], i % channels.Length, batchSize, origin, () => watch.Elapsed >= deadline, state, cancellationToken),
                cancellationToken)).ToList();
            await Task.WhenAll(loops);
            var elapsed = watch.Elapsed.TotalSeconds;
            await stopProgress.CancelAsync();
            await reporter;
            var after = await LogSizeAsync(channels[0], servers[0], cancellationToken);

            var latencies = state.Latencies();
            Array.Sort(latencies);
            var acked = state.AckedTotal;
            return new Result(
                [.. servers.Select(s => s.ToString())],
                deviceCount,
                batchSize,
                Math.Round(elapsed, 2),
                acked,
                Math.Round(acked / elapsed),
                latencies.Length,
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.99),
                latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 2),
                Interlocked.Read(ref state.Duplicates),
                state.Errors.Values.Sum(),
                new SortedDictionary<string, long>(state.Errors, StringComparer.Ordinal),
                servers.Select((s, i) => (Url: s.ToString(), Count: Interlocked.Read(ref state.AckedPerServer[i]))).ToDictionary(x => x.Url, x => x.Count),
                before,
                after,
                Math.Round(setup.Elapsed.TotalSeconds, 2));
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>One device's stream: a batch, its ack, the next batch, until the time is up; a failed stream is counted and reopened, and the unacknowledged batch resent.</summary>
    private static async Task DeviceLoopAsync(BenchFleet fleet, BenchDevice device, GrpcChannel channel, int server, int batchSize, DateTimeOffset origin, Func<bool> timeUp, RunState state, CancellationToken cancellationToken)
    {
        var sequence = 0UL;
        List<Envelope>? pending = null;
        var latencies = new List<double>();
        while (!timeUp())
        {
            try
            {
                using var stream = await fleet.OpenStreamAsync(channel, "accord-bench-load", cancellationToken);

                while (!timeUp())
                {
                    if (pending is null)
                    {
                        pending = new List<Envelope>(batchSize);
                        for (var k = 0; k < batchSize; k++)
                        {
                            sequence++;
                            pending.Add(device.Report(sequence, origin + (ReportLength * (double)(sequence - 1)), ReportLength));
                        }
                    }

                    var sent = Stopwatch.GetTimestamp();
                    var ack = await stream.SendAsync(pending, cancellationToken);

                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    pending = null;
                    var accepted = 0L;
                    foreach (var result in ack.Results)
                    {
                        switch (result.Outcome)
                        {
                            case ReportOutcome.Accepted:
                                accepted++;
                                break;
                            case ReportOutcome.Duplicate:
                                Interlocked.Increment(ref state.Duplicates);
                                break;
                            default:
                                state.Errors.AddOrUpdate("REJECTED_" + result.Reason, 1, (_, n) => n + 1);
                                break;
                        }
                    }

                    Interlocked.Add(ref state.AckedPerServer[server], accepted);
                }

                await stream.CompleteAsync(cancellationToken);
            }
            catch (Exception e) when (e is RpcException or MonitoringStreamBrokenException && !cancellationToken.IsCancellationRequested)
            {
                state.Errors.AddOrUpdate(e is RpcException rpc ? Accord.Client.ServerRefusal.NameOf(rpc.StatusCode) : "STREAM_BROKEN", 1, (_, n) => n + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }

        state.AddLatencies(latencies);
    }

    private static async Task ReportProgressAsync(RunState state, Stopwatch watch, Action<string>? progress, CancellationToken stop)
    {
        if (progress is null)
        {
            return;
        }

        var last = 0L;
        var lastTime = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
                var acked = state.AckedTotal;
                var now = watch.Elapsed;
                progress($"{now.TotalSeconds,5:0} s: {acked:N0} acked ({(acked - last) / (now - lastTime).TotalSeconds:N0}/s now), {state.Errors.Values.Sum():N0} errors");
                (last, lastTime) = (acked, now);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The log's tree size through <paramref name="channel"/>; a server that does not answer is named.</summary>
    private static async Task<long> LogSizeAsync(GrpcChannel channel, Uri server, CancellationToken cancellationToken)
    {
        try
        {
            var checkpoint = await new TransparencyLogService.TransparencyLogServiceClient(channel)
                .GetCheckpointAsync(new GetCheckpointRequest(), deadline: DateTime.UtcNow + ProbeDeadline, cancellationToken: cancellationToken);
            return (long)checkpoint.TreeSize;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"{server}: {e.Status.Detail}"));
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[(int)(p * (sorted.Length - 1))], 2);

    private sealed class RunState(int servers)
    {
        private readonly List<double> _latencies = [];

        public long[] AckedPerServer = new long[servers];

        public long Duplicates;

        public System.Collections.Concurrent.ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public long AckedTotal => Enumerable.Range(0, AckedPerServer.Length).Sum(i => Interlocked.Read(ref AckedPerServer[i]));

        public void AddLatencies(List<double> latencies)
        {
            lock (_latencies)
            {
                _latencies.AddRange(latencies);
            }
        }

        public double[] Latencies()
        {
            lock (_latencies)
            {
                return [.. _latencies];
            }
        }
    }
}
