using Accord.Client;
using Accord.Protos.V1;
using Grpc.Net.Client;

namespace Accord.Cli.Client;

/// <summary>A gRPC channel to an Accord server and the transparency log client on it.</summary>
public sealed class LogConnection(IReadOnlyList<Uri> servers, string? caCertificatePath = null) : IDisposable
{
    private readonly FailoverCallInvoker _channel = FailoverCallInvoker.Open(servers, caCertificatePath, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });

    public TransparencyLogService.TransparencyLogServiceClient Log => new(_channel);

    public void Dispose() => _channel.Dispose();
}
