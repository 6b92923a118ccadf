using Accord.Client;
using Accord.Protos.V1;
using Grpc.Net.Client;

namespace Accord.Cli.Client;

/// <summary>A gRPC channel to an Accord server and the device service client on it.</summary>
public sealed class DeviceConnection(IReadOnlyList<Uri> servers, string? caCertificatePath = null) : IDisposable
{
    private readonly FailoverCallInvoker _channel = FailoverCallInvoker.Open(servers, caCertificatePath);

    public DeviceService.DeviceServiceClient Devices => new(_channel);

    public void Dispose() => _channel.Dispose();
}
