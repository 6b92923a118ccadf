// Failover across the servers of a cluster for one-shot clients (the CLI): any silo answers any call, so a
// unary call that finds its server unavailable (refused, reset, unreachable: StatusCode.Unavailable) is sent
// again, unchanged, to the next server. A signed request is single-use: should the first server have
// stored it before dying, the resend is refused as a replay (ALREADY_EXISTS), never applied twice.
// Streaming calls go to the server that last answered; a long-lived stream that loses its server ends
// with UNAVAILABLE, and the caller reopens it.
using Grpc.Core;
using Grpc.Net.Client;

namespace Accord.Client;

/// <summary>A call invoker over several Accord servers that fails over on UNAVAILABLE.</summary>
public sealed class FailoverCallInvoker : CallInvoker, IDisposable
{
    private readonly GrpcChannel[] _channels;
    private int _current;

    private FailoverCallInvoker(GrpcChannel[] channels) => _channels = channels;

    /// <summary>The servers, in the order they are tried.</summary>
    public IReadOnlyList<Uri> Servers { get; private init; } = [];

    /// <summary>
    /// Opens one channel per server (see <see cref="AccordChannel.Open"/>), each with a copy of
    /// <paramref name="template"/>'s message size limits.
    /// </summary>
    /// <exception cref="ArgumentException">No server, or an address that is not http:// or https://.</exception>
    public static FailoverCallInvoker Open(IReadOnlyList<Uri> servers, string? caCertificatePath = null, GrpcChannelOptions? template = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0)
        {
            throw new ArgumentException("no server address given", nameof(servers));
        }

        var channels = new List<GrpcChannel>();
        try
        {
            foreach (var server in servers)
            {
                channels.Add(AccordChannel.Open(server, caCertificatePath, new GrpcChannelOptions
                {
                    MaxReceiveMessageSize = template?.MaxReceiveMessageSize ?? 4 * 1024 * 1024,
                    MaxSendMessageSize = template?.MaxSendMessageSize,
                }));
            }
        }
        catch
        {
            channels.ForEach(c => c.Dispose());
            throw;
        }

        return new FailoverCallInvoker([.. channels]) { Servers = [.. servers] };
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var index = (_current + attempt) % _channels.Length;
            try
            {
                var response = _channels[index].CreateCallInvoker().BlockingUnaryCall(method, host, options, request);
                _current = index;
                return response;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt + 1 < _channels.Length)
            {
            }
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        AsyncUnaryCall<TResponse>? last = null;
        async Task<TResponse> SendAsync()
        {
            for (var attempt = 0; ; attempt++)
            {
                var index = (_current + attempt) % _channels.Length;
                last?.Dispose();
                last = _channels[index].CreateCallInvoker().AsyncUnaryCall(method, host, options, request);
                try
                {
                    var response = await last.ResponseAsync.ConfigureAwait(false);
                    _current = index;
                    return response;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt + 1 < _channels.Length)
                {
                }
            }
        }

        var response = SendAsync();
        async Task<Metadata> HeadersAsync()
        {
            try
            {
                await response.ConfigureAwait(false);
            }
            catch (RpcException)
            {
                // The last attempt's headers are still there to read.
            }

            return await last!.ResponseHeadersAsync.ConfigureAwait(false);
        }

        return new AsyncUnaryCall<TResponse>(response, HeadersAsync(), () => last!.GetStatus(), () => last!.GetTrailers(), () => last?.Dispose());
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        Current.AsyncServerStreamingCall(method, host, options, request);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Current.AsyncClientStreamingCall(method, host, options);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        Current.AsyncDuplexStreamingCall(method, host, options);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private CallInvoker Current => _channels[_current].CreateCallInvoker();
}
