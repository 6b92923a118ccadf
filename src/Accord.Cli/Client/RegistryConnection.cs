using Accord.Protos.Client;
using Accord.Protos.V1;
using Grpc.Net.Client;

namespace Accord.Cli.Client;

/// <summary>A gRPC channel to an Accord server and the registry client on it.</summary>
public sealed class RegistryConnection : IDisposable
{
    /// <summary>The server used when neither --server nor ACCORD_SERVER is given.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly GrpcChannel _channel;

    /// <summary>Opens a channel to <paramref name="server"/>; over https://, trusting only <paramref name="caCertificatePath"/> when given.</summary>
    public RegistryConnection(Uri server, string? caCertificatePath = null)
    {
        _channel = AccordChannel.Open(server, caCertificatePath, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        Registry = new RegistryService.RegistryServiceClient(_channel);
    }

    /// <summary>The registry service.</summary>
    public RegistryService.RegistryServiceClient Registry { get; }

    /// <summary>The server to talk to: the option if given, else ACCORD_SERVER, else the default.</summary>
    public static Uri Resolve(string? option) =>
        new(option ?? Environment.GetEnvironmentVariable("ACCORD_SERVER") ?? DefaultServer);

    public void Dispose() => _channel.Dispose();
}
