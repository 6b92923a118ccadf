using Accord.Client;
using Accord.Protos.V1;
using Grpc.Net.Client;

namespace Accord.Cli.Client;

/// <summary>A gRPC channel to an Accord server and the registry client on it.</summary>
public sealed class RegistryConnection : IDisposable
{
    /// <summary>The server used when neither --server nor ACCORD_SERVER is given.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly FailoverCallInvoker _channel;

    /// <summary>Opens channels to <paramref name="servers"/> (tried in turn when one is unavailable); over https://, trusting only <paramref name="caCertificatePath"/> when given.</summary>
    public RegistryConnection(IReadOnlyList<Uri> servers, string? caCertificatePath = null)
    {
        _channel = FailoverCallInvoker.Open(servers, caCertificatePath, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        Registry = new RegistryService.RegistryServiceClient(_channel);
    }

    /// <summary>The registry service.</summary>
    public RegistryService.RegistryServiceClient Registry { get; }

    /// <summary>The servers to talk to (comma-separated): the option if given, else ACCORD_SERVER, else the default.</summary>
    /// <exception cref="FormatException">An address is not an absolute URL.</exception>
    public static IReadOnlyList<Uri> Resolve(string? option)
    {
        var text = option ?? Environment.GetEnvironmentVariable("ACCORD_SERVER") ?? DefaultServer;
        var addresses = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return addresses.Length == 0
            ? throw new FormatException($"'{text}' names no server")
            : [.. addresses.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"'{a}' is not a server URL (e.g. http://127.0.0.1:5080)"))];
    }

    public void Dispose() => _channel.Dispose();
}
