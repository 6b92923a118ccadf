using System.Diagnostics;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Accord.Server.Security;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Net.Client;

namespace Accord.Bench;

/// <summary>
/// `accord bench ingest`: simulated devices stream signed reports over real gRPC on loopback into a
/// real embedded server; end-to-end verified-and-durable reports/s against raw Ed25519 verifies/s
/// measured in the same run on the same cores.
/// </summary>
public static class IngestBench
{
    /// <summary>The figures `accord bench ingest` reports.</summary>
    public sealed record Result(
        int Devices,
        int Reports,
        int Streams,
        int Batch,
        int Accepted,
        double ReportsPerS,
        double RawVerifiesPerS,
        double Ratio,
        double SetupSeconds);

    private const int Warmup = 4;

    public static async Task<Result> RunAsync(int devices, int reportsPerDevice, int streams, int batch, CancellationToken cancellationToken, TextWriter? progress = null)
    {
        if (devices < 1 || reportsPerDevice < 1 || streams < 1 || batch < 1)
        {
            throw new BenchInputException("--devices, --reports, --streams and --batch must be at least 1");
        }

        var data = Directory.CreateTempSubdirectory("accord-bench-ingest-").FullName;
        var app = AccordServerHost.Build([], o =>
        {
            o.DataDirectory = data;
            o.Port = 0;
            o.LogLevel = Microsoft.Extensions.Logging.LogLevel.Error;
            o.MaxRequestBytes = 16 * 1024 * 1024;
            o.Monitoring.LivenessSweep = TimeSpan.FromHours(1);
        });
        try
        {
            var setup = Stopwatch.StartNew();
            var address = await AccordServerHost.StartAsync(app, cancellationToken);
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 16 * 1024 * 1024 });
            using var governance = app.Services.GetRequiredService<GovernanceSetup>().ReadLocalKey();
            var fleet = await BenchFleet.CreateAsync(channel, devices, "bench", "BENCH", [governance], cancellationToken);
            progress?.WriteLine($"enrolled {devices} devices; signing {devices * reportsPerDevice:N0} reports");
            var perDevice = fleet.Devices.Select(d => d.Reports(reportsPerDevice + Warmup)).ToList();

            // Warm-up (not timed): each device's first reports, so that JIT compilation and grain activation are done.
            await Task.WhenAll(Interleave([.. perDevice.Select(d => d.Take(Warmup).ToList())], streams, batch).Select(b => StreamAsync(channel, fleet, b, cancellationToken)));
            var batches = Interleave([.. perDevice.Select(d => d.Skip(Warmup).ToList())], streams, batch);
            setup.Stop();

            progress?.WriteLine($"streaming over {streams} streams in batches of {batch}");
            var watch = Stopwatch.StartNew();
            var accepted = await Task.WhenAll(batches.Select(b => StreamAsync(channel, fleet, b, cancellationToken)));
            var elapsed = watch.Elapsed.TotalSeconds;
            var reportsPerS = accepted.Sum() / elapsed;

            var raw = RawVerifiesPerSecond(TimeSpan.FromSeconds(3));
            return new Result(devices, devices * reportsPerDevice, streams, batch, accepted.Sum(),
                Math.Round(reportsPerS), Math.Round(raw), Math.Round(reportsPerS / raw, 4), Math.Round(setup.Elapsed.TotalSeconds, 2));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Ed25519 verifications per second on every core, over the same kind of payload.</summary>
    public static double RawVerifiesPerSecond(TimeSpan duration)
    {
        using var key = PartyKeyPair.Generate();
        var message = Pae.Encode(MonitoringReport.Descriptor.FullName, new byte[160]);
        var signature = key.Sign(message);
        var count = 0L;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            var local = 0L;
            while (watch.Elapsed < duration)
            {
                for (var i = 0; i < 256; i++)
                {
                    if (!key.PublicKey.Verify(message, signature))
                    {
                        throw new InvalidOperationException("verification failed");
                    }
                }

                local += 256;
            }

            Interlocked.Add(ref count, local);
        });
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Splits every device's reports over the streams (a device always on one stream, in order) and into batches.</summary>
    private static List<List<List<Envelope>>> Interleave(List<List<Envelope>> perDevice, int streams, int batch)
    {
        var result = new List<List<List<Envelope>>>();
        for (var s = 0; s < streams; s++)
        {
            var mine = perDevice.Where((_, i) => i % streams == s).ToList();
            var merged = new List<Envelope>();
            var longest = mine.Count == 0 ? 0 : mine.Max(d => d.Count);
            for (var k = 0; k < longest; k++)
            {
                merged.AddRange(mine.Where(d => k < d.Count).Select(d => d[k]));
            }

            result.Add([.. merged.Chunk(batch).Select(c => c.ToList())]);
        }

        return result;
    }

    /// <summary>Streams <paramref name="batches"/> over one stream, one batch in flight; returns the reports accepted.</summary>
    private static async Task<int> StreamAsync(GrpcChannel channel, BenchFleet fleet, List<List<Envelope>> batches, CancellationToken cancellationToken)
    {
        using var stream = await fleet.OpenStreamAsync(channel, "bench", cancellationToken);
        var accepted = 0;
        foreach (var reports in batches)
        {
            var ack = await stream.SendAsync(reports, cancellationToken);
            var rejected = ack.Results.FirstOrDefault(r => r.Outcome != ReportOutcome.Accepted);
            if (rejected is not null)
            {
                throw new InvalidOperationException($"the server refused a benchmark report: {rejected.Reason} {rejected.Message}");
            }

            accepted += reports.Count;
        }

        await stream.CompleteAsync(cancellationToken);
        return accepted;
    }
}
