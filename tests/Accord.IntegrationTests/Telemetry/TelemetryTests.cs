using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accord.IntegrationTests.Telemetry;

/// <summary>
/// The "Accord.Server" instruments on a real server: read in-process with a MeterListener (only this
/// server's meter), and exported over OTLP/HTTP to a collector played by a loopback HTTP endpoint.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Stream_GoodAndForgedReports_IngestCountersLogSizeAndFailuresReflectThem()
    {
        var server = new AccordServerFixture();
        await server.InitializeAsync();
        try
        {
            using var metrics = new Measurements(server);
            var kit = await DeviceKit.CreateAsync(server);
            var reporter = await kit.ReadyDeviceAsync();
            var reports = Enumerable.Range(0, 4).Select(_ => reporter.NextSigned()).ToList();
            var forged = reporter.NextSigned();
            forged.Signatures[0].Sig = ByteString(forged.Signatures[0].Sig.Span);
            var appendsBefore = metrics.Count("accord.log.append.duration");

            await kit.StreamAsync(kit.Lab, [.. reports, forged]);
            var treeSize = (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;
            metrics.Observe();

            Assert.Equal(4, metrics.Sum("accord.reports.ingested", ("result", "accepted")));
            Assert.Equal(1, metrics.Sum("accord.reports.ingested", ("result", "rejected")));
            Assert.Equal(1, metrics.Sum("accord.verification.failures", ("kind", "report"), ("reason", "BAD_SIGNATURE")));
            Assert.Equal(1, metrics.Count("accord.ingest.duration"));
            Assert.Equal(4, metrics.Count("accord.log.append.duration") - appendsBefore);
            Assert.Equal(treeSize, metrics.Last("accord.log.size"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RegisterCommitment_SignedByAnotherKey_CountedAsRequestVerificationFailure()
    {
        var server = new AccordServerFixture();
        await server.InitializeAsync();
        try
        {
            using var metrics = new Measurements(server);
            var lab = await TestParty.RegisterAsync(server.Registry, "lab");
            var impostor = new TestParty(server.Registry, lab.Id, PartyRole.Lab);

            await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "UNKNOWN_KEY",
                () => server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = impostor.Sign(impostor.Statement(TestParty.Pause())) }).ResponseAsync);

            Assert.Equal(1, metrics.Sum("accord.verification.failures", ("kind", "request"), ("reason", "UNKNOWN_KEY")));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_RunAboveItsCap_ViolationRaisedCounted()
    {
        var server = new AccordServerFixture();
        await server.InitializeAsync();
        try
        {
            using var metrics = new Measurements(server);
            var kit = await DeviceKit.CreateAsync(server);
            var reporter = await kit.ReadyDeviceAsync();
            await kit.Lab.CommitAsync(new CommitmentTerms
            {
                TrainingRunCap = new TrainingRunComputeCap { MaxFlop = 1e16, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } },
            });
            reporter.IntervalEnd = DateTimeOffset.UtcNow.AddSeconds(1);

            await kit.StreamAsync(kit.Lab, [reporter.NextSigned(), reporter.NextSigned(), reporter.NextSigned()]);

            Assert.True(metrics.Sum("accord.violations.raised") >= 1);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serve_OtlpEndpointSet_ExportsAccordMetricsAndSpansToTheCollector()
    {
        await using var collector = await Collector.StartAsync();
        var server = new AccordServerFixture
        {
            Configure = o =>
            {
                o.Telemetry.OtlpEndpoint = collector.Address;
                o.Telemetry.OtlpProtocol = "http/protobuf";
                o.Telemetry.ExportInterval = TimeSpan.FromMilliseconds(300);
            },
        };
        await server.InitializeAsync();
        try
        {
            var lab = await TestParty.RegisterAsync(server.Registry, "lab");
            await lab.CommitAsync(TestParty.Pause());

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && !(collector.Received("/v1/metrics", "accord.log.size")
                && collector.Received("/v1/metrics", "accord.log.append.duration") && collector.Received("/v1/traces", "accord.authenticate")))
            {
                await Task.Delay(200);
            }

            Assert.True(collector.Received("/v1/metrics", "accord.log.size"), "no metrics export with accord.log.size");
            Assert.True(collector.Received("/v1/metrics", "accord.log.append.duration"), "no metrics export with accord.log.append.duration");
            Assert.True(collector.Received("/v1/traces", "accord.authenticate"), "no trace export with the accord.authenticate span");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static Google.Protobuf.ByteString ByteString(ReadOnlySpan<byte> signature)
    {
        var flipped = signature.ToArray();
        flipped[0] ^= 0x01;
        return Google.Protobuf.ByteString.CopyFrom(flipped);
    }

    /// <summary>An OTLP/HTTP collector stand-in on loopback: keeps each request body by path.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _bodies = new();

        private Collector(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._bodies.Enqueue((context.Request.Path.Value!, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            collector.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return collector;
        }

        public bool Received(string path, string text)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            return _bodies.Any(b => b.Path == path && b.Body.AsSpan().IndexOf(needle) >= 0);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
