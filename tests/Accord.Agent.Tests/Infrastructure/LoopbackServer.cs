using System.Net;
using Accord.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accord.Agent.Tests.Infrastructure;

/// <summary>
/// A real gRPC server (Kestrel, HTTP/2, 127.0.0.1) implementing MonitoringService and the DeviceService
/// calls the agent makes, over a <see cref="ServerLedger"/> that outlives restarts.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private WebApplication? _app;

    private LoopbackServer(ServerLedger ledger) => Ledger = ledger;

    public ServerLedger Ledger { get; }

    public Uri Address { get; private set; } = null!;

    public int Port { get; private set; }

    public static async Task<LoopbackServer> StartAsync(ServerLedger ledger, int port = 0)
    {
        var server = new LoopbackServer(ledger);
        await server.StartAgainAsync(port);
        return server;
    }

    /// <summary>Starts on <paramref name="port"/> (0: any free one; the same port again after <see cref="KillAsync"/>).</summary>
    public async Task StartAgainAsync(int? port = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port ?? Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(Ledger);
        var app = builder.Build();
        app.MapGrpcService<LoopbackMonitoringService>();
        app.MapGrpcService<LoopbackDeviceService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
        Port = Address.Port;
        _app = app;
    }

    /// <summary>Stops at once, cutting every open stream (as a crash would).</summary>
    public async Task KillAsync()
    {
        if (_app is null)
        {
            return;
        }

        await _app.StopAsync(new CancellationToken(canceled: true));
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

internal sealed class LoopbackMonitoringService(ServerLedger ledger) : MonitoringService.MonitoringServiceBase
{
    public override async Task Stream(IAsyncStreamReader<StreamRequest> requestStream, IServerStreamWriter<StreamResponse> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.KindCase != StreamRequest.KindOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "hello first"));
        }

        var stream = ledger.OpenStream(requestStream.Current.Hello);
        await responseStream.WriteAsync(new StreamResponse { Opened = new StreamOpened { PartyId = ledger.LabPartyId, ReportIntervalSeconds = 1 } });
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var batch = requestStream.Current.Batch ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "batches after the hello"));
            var (fate, ack) = ledger.Receive(stream, batch);
            if (fate != BatchFate.Ack)
            {
                context.GetHttpContext().Abort();
                return;
            }

            await responseStream.WriteAsync(new StreamResponse { Ack = ack });
            ledger.Delivered(ack, batch);
        }
    }
}

internal sealed class LoopbackDeviceService(ServerLedger ledger) : DeviceService.DeviceServiceBase
{
    public override Task<GetChallengeResponse> GetChallenge(GetChallengeRequest request, ServerCallContext context)
    {
        var challenge = ledger.Issue(request.DeviceId);
        return Task.FromResult(new GetChallengeResponse
        {
            Nonce = Google.Protobuf.ByteString.CopyFrom(challenge.Nonce),
            ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt),
        });
    }

    public override Task<SubmitReportingKeyResponse> SubmitReportingKey(SubmitReportingKeyRequest request, ServerCallContext context) =>
        Task.FromResult(new SubmitReportingKeyResponse { Device = ledger.SubmitKey(request.Envelope) });

    public override Task<GetDeviceResponse> GetDevice(GetDeviceRequest request, ServerCallContext context) =>
        Task.FromResult(new GetDeviceResponse { Device = ledger.GetDevice(request.DeviceId) });
}
