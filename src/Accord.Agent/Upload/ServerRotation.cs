using Grpc.Net.Client;

namespace Accord.Agent.Upload;

/// <summary>
/// The servers an agent may talk to (the silos of one cluster), used one at a time: the current one
/// until a call to it fails with a transport error or a timeout, then the next, round the list.
/// </summary>
public sealed class ServerRotation
{
    private readonly GrpcChannel[] _channels;
    private int _current;

    /// <summary>Creates a rotation over <paramref name="channels"/>, starting with the first.</summary>
    public ServerRotation(IReadOnlyList<GrpcChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            throw new ArgumentException("At least one server is needed.", nameof(channels));
        }

        _channels = [.. channels];
    }

    /// <summary>How many servers there are.</summary>
    public int Count => _channels.Length;

    /// <summary>The server to use now.</summary>
    public GrpcChannel Current => _channels[Volatile.Read(ref _current)];

    /// <summary>
    /// <paramref name="failed"/> failed: move on to the next server, unless another caller already has.
    /// Returns the server to use now.
    /// </summary>
    public GrpcChannel FailedOver(GrpcChannel failed)
    {
        var index = Array.IndexOf(_channels, failed);
        if (index >= 0)
        {
            Interlocked.CompareExchange(ref _current, (index + 1) % _channels.Length, index);
        }

        return Current;
    }
}
