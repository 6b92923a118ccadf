using Accord.Protos.Client;
using Accord.Protos.V1;
using Grpc.Net.Client;

namespace Accord.Cli.Client;

/// <summary>A gRPC channel to an Accord server and the device service client on it.</summary>
public sealed class DeviceConnection(Uri server, string? caCertificatePath = null) : IDisposable
{
    private readonly GrpcChannel _channel = AccordChannel.Open(server, caCertificatePath);

    public DeviceService.DeviceServiceClient Devices => new(_channel);

    public void Dispose() => _channel.Dispose();
}
