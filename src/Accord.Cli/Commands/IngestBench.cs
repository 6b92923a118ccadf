using System.Diagnostics;
using Accord.Core.Attestation;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.Signing;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Accord.Cli.Commands;

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

    public static async Task<Result> RunAsync(int devices, int reportsPerDevice, int streams, int batch, CancellationToken cancellationToken)
    {
        if (devices < 1 || reportsPerDevice < 1 || streams < 1 || batch < 1)
        {
            throw new CliFailure("--devices, --reports, --streams and --batch must be at least 1");
        }

        var data = Directory.CreateTempSubdirectory("accord-bench-ingest-").FullName;
        var app = AccordServerHost.Build([], o =>
        {
            o.DataDirectory = data;
            o.Port = 0;
            o.LogLevel = LogLevel.Error;
            o.MaxRequestBytes = 16 * 1024 * 1024;
            o.Monitoring.LivenessSweep = TimeSpan.FromHours(1);
        });
        try
        {
            var setup = Stopwatch.StartNew();
            var address = await AccordServerHost.StartAsync(app, cancellationToken);
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 16 * 1024 * 1024 });
            var fleet = await Fleet.CreateAsync(channel, devices, cancellationToken);
            Console.Error.WriteLine($"enrolled {devices} devices; signing {devices * reportsPerDevice:N0} reports");
            var perDevice = fleet.Devices.Select(d => d.Reports(reportsPerDevice + Warmup)).ToList();

            // Warm-up (not timed): each device's first reports, so that JIT compilation and grain activation are done.
            await Task.WhenAll(Interleave([.. perDevice.Select(d => d.Take(Warmup).ToList())], streams, batch).Select(b => fleet.StreamAsync(b, cancellationToken)));
            var batches = Interleave([.. perDevice.Select(d => d.Skip(Warmup).ToList())], streams, batch);
            setup.Stop();

            Console.Error.WriteLine($"streaming over {streams} streams in batches of {batch}");
            var watch = Stopwatch.StartNew();
            var accepted = await Task.WhenAll(batches.Select(b => fleet.StreamAsync(b, cancellationToken)));
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

    /// <summary>A lab with enrolled devices, each with a certified reporting key.</summary>
    private sealed class Fleet
    {
        private readonly GrpcChannel _channel;
        private readonly PartyKeyPair _lab;
        private readonly string _labId;

        private Fleet(GrpcChannel channel, PartyKeyPair lab, string labId, List<SimulatedDevice> devices)
        {
            _channel = channel;
            _lab = lab;
            _labId = labId;
            Devices = devices;
        }

        public List<SimulatedDevice> Devices { get; }

        public static async Task<Fleet> CreateAsync(GrpcChannel channel, int count, CancellationToken cancellationToken)
        {
            var registry = new RegistryService.RegistryServiceClient(channel);
            var deviceService = new DeviceService.DeviceServiceClient(channel);
            var inspector = PartyKeyPair.Generate();
            var lab = PartyKeyPair.Generate();
            await Register(registry, "bench-inspector", inspector, PartyRole.Inspector, cancellationToken);
            await Register(registry, "bench-lab", lab, PartyRole.Lab, cancellationToken);
            var manufacturer = TestManufacturer.Create("Bench Fab", DateTimeOffset.UtcNow);
            await deviceService.AddTrustRootAsync(new AddTrustRootRequest
            {
                Envelope = RequestSigning.Sign(new TrustRootAddition { Header = RequestSigning.Header("bench-inspector"), CertificateDer = ByteString.CopyFrom(manufacturer.RootDer) }, inspector),
            }, cancellationToken: cancellationToken);

            var devices = new List<SimulatedDevice>();
            for (var i = 0; i < count; i++)
            {
                var identity = manufacturer.IssueDevice($"BENCH-{i:D5}", DateTimeOffset.UtcNow);
                var enrolment = new DeviceEnrolment { Header = RequestSigning.Header("bench-lab"), Model = DeviceModel.H100Sxm };
                enrolment.CertificateChain.AddRange(identity.ChainDer.Select(ByteString.CopyFrom));
                await deviceService.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = RequestSigning.Sign(enrolment, lab) }, cancellationToken: cancellationToken);
                var nonce = (await deviceService.GetChallengeAsync(new GetChallengeRequest { DeviceId = identity.DeviceId }, cancellationToken: cancellationToken)).Nonce;
                var reportingKey = PartyKeyPair.Generate();
                var statement = new ReportingKeyStatement
                {
                    DeviceId = identity.DeviceId,
                    BootEpoch = 1,
                    ReportingPublicKey = ByteString.CopyFrom(reportingKey.PublicKey.ToBytes()),
                    NotBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30)),
                    NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
                    ChallengeNonce = nonce,
                }.ToByteArray();
                var submission = new ReportingKeySubmission
                {
                    Header = RequestSigning.Header("bench-lab"),
                    Certificate = new ReportingKeyCertificate { Statement = ByteString.CopyFrom(statement), Signature = ByteString.CopyFrom(identity.SignDer(statement)) },
                };
                await deviceService.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = RequestSigning.Sign(submission, lab) }, cancellationToken: cancellationToken);
                devices.Add(new SimulatedDevice(identity.DeviceId, reportingKey, nonce));
            }

            return new Fleet(channel, lab, "bench-lab", devices);
        }

        public async Task<int> StreamAsync(List<List<Envelope>> batches, CancellationToken cancellationToken)
        {
            using var call = new MonitoringService.MonitoringServiceClient(_channel).Stream(cancellationToken: cancellationToken);
            await call.RequestStream.WriteAsync(new StreamRequest { Hello = RequestSigning.Sign(new MonitoringHello { Header = RequestSigning.Header(_labId), Agent = "bench" }, _lab) }, cancellationToken);
            await call.ResponseStream.MoveNext(cancellationToken);
            var accepted = 0;
            var id = 0UL;
            foreach (var reports in batches)
            {
                var batch = new ReportBatch { BatchId = ++id };
                batch.Reports.AddRange(reports);
                await call.RequestStream.WriteAsync(new StreamRequest { Batch = batch }, cancellationToken);
                await call.ResponseStream.MoveNext(cancellationToken);
                var rejected = call.ResponseStream.Current.Ack.Results.FirstOrDefault(r => r.Outcome != ReportOutcome.Accepted);
                if (rejected is not null)
                {
                    throw new InvalidOperationException($"the server refused a benchmark report: {rejected.Reason} {rejected.Message}");
                }

                accepted += reports.Count;
            }

            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
            }

            return accepted;
        }

        private static Task Register(RegistryService.RegistryServiceClient registry, string id, PartyKeyPair key, PartyRole role, CancellationToken cancellationToken) =>
            registry.RegisterPartyAsync(new RegisterPartyRequest
            {
                Envelope = RequestSigning.Sign(new PartyRegistration { Header = RequestSigning.Header(id), DisplayName = id, Roles = { role }, PublicKey = ByteString.CopyFrom(key.PublicKey.ToBytes()) }, key),
            }, cancellationToken: cancellationToken).ResponseAsync;
    }

    /// <summary>A device that signs consecutive 60-second reports ending before now.</summary>
    private sealed class SimulatedDevice(string deviceId, PartyKeyPair key, ByteString nonce)
    {
        public List<Envelope> Reports(int count)
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-count - 1);
            var list = new List<Envelope>(count);
            for (var i = 0; i < count; i++)
            {
                var slot = new Agent.Reports.ReportSlot(deviceId, 1, (ulong)i + 1, start.AddMinutes(i), nonce.ToByteArray());
                var sample = new Agent.Chips.ChipSample(60, 0.5, 550, "bench-run", []);
                list.Add(Agent.Reports.MonitoringReports.Sign(Agent.Reports.MonitoringReports.Build(slot, start.AddMinutes(i + 1), sample, DeviceModel.H100Sxm), key));
            }

            return list;
        }
    }
}
