using Accord.Protos.V1;
using Grpc.Net.Client;

namespace Accord.Cli.Client;

/// <summary>A gRPC channel to an Accord server and the device service client on it.</summary>
public sealed class DeviceConnection(Uri server) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server);

    public DeviceService.DeviceServiceClient Devices => new(_channel);

    public void Dispose() => _channel.Dispose();
}
