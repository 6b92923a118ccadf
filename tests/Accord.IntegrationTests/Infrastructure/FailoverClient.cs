using Grpc.Core;
using Grpc.Net.Client;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Calls any of several servers: on a transport failure or timeout, the next one, until a deadline.</summary>
public sealed class FailoverClient(IReadOnlyList<Uri> servers) : IDisposable
{
    private readonly GrpcChannel[] _channels = [.. servers.Select(s => GrpcChannel.ForAddress(s))];
    private int _next;

    public IReadOnlyList<GrpcChannel> Channels => _channels;

    /// <summary>Whether a failed call may be tried again elsewhere (the server or the cluster, not the request, was the problem).</summary>
    public static bool IsTransient(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Cancelled;

    /// <summary>
    /// Runs <paramref name="call"/> against one server after another (or only server <paramref name="only"/>,
    /// tried again after failures) until it succeeds or <paramref name="within"/> passes.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<GrpcChannel, CancellationToken, Task<T>> call, TimeSpan? within = null, int? only = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var channel = _channels[only ?? (int)((uint)Interlocked.Increment(ref _next) % _channels.Length)];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                return await call(channel, timeout.Token);
            }
            catch (RpcException e) when (IsTransient(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
