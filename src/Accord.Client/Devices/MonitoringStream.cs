// The client side of accord.v1.MonitoringService.Stream (protos/accord/v1/monitoring_service.proto): a hello
// signed by the lab (DSSE envelope of MonitoringHello, Ed25519 per RFC 8032) answered by StreamOpened, then
// one ReportBatch at a time, each answered by the BatchAck with its id once the server made it durable.
using Accord.Core.Keys;
using Accord.Protos.V1;
using Grpc.Core;

namespace Accord.Client.Devices;

/// <summary>The stream ended, timed out, or the server answered out of turn: open a new one and send again.</summary>
public sealed class MonitoringStreamBrokenException(string message) : Exception(message);

/// <summary>
/// One open monitoring stream, used by everything that sends reports: the agent's uploader, the demo,
/// <c>accord simulate --server</c> and the benchmarks. One batch is in flight at a time; a batch's id is the
/// stream's next number, and its answer must be the ack with that id.
/// </summary>
public sealed class MonitoringStream : IDisposable
{
    private readonly AsyncDuplexStreamingCall<StreamRequest, StreamResponse> _call;
    private readonly TimeSpan? _answerTimeout;
    private readonly TimeProvider _time;
    private ulong _batchId;

    private MonitoringStream(AsyncDuplexStreamingCall<StreamRequest, StreamResponse> call, TimeSpan? answerTimeout, TimeProvider time)
    {
        _call = call;
        _answerTimeout = answerTimeout;
        _time = time;
    }

    /// <summary>What the server said when it opened the stream.</summary>
    public StreamOpened Opened { get; private set; } = null!;

    /// <summary>Batches sent on this stream so far.</summary>
    public ulong BatchesSent => _batchId;

    /// <summary>
    /// Opens a stream for <paramref name="labId"/>: sends the hello signed with <paramref name="labKey"/> and
    /// waits for "opened". <paramref name="answerTimeout"/>, when given, bounds the wait for each answer.
    /// </summary>
    /// <exception cref="MonitoringStreamBrokenException">The server answered with something else, ended the stream, or did not answer in time.</exception>
    public static async Task<MonitoringStream> OpenAsync(
        MonitoringService.MonitoringServiceClient client,
        string labId,
        PartyKeyPair labKey,
        string agent,
        CancellationToken cancellationToken,
        TimeSpan? answerTimeout = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(labKey);
        time ??= TimeProvider.System;
        var stream = new MonitoringStream(client.Stream(cancellationToken: cancellationToken), answerTimeout, time);
        try
        {
            var hello = new MonitoringHello { Header = RequestSigning.Header(labId, time.GetUtcNow()), Agent = agent };
            await stream._call.RequestStream.WriteAsync(new StreamRequest { Hello = RequestSigning.Sign(hello, labKey) }, cancellationToken);
            var first = await stream.ReadAsync(cancellationToken);
            stream.Opened = first.KindCase == StreamResponse.KindOneofCase.Opened
                ? first.Opened
                : throw new MonitoringStreamBrokenException($"the server answered the hello with {first.KindCase}, not opened");
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="reports"/> as the next batch and returns its ack (the results, in batch positions, and fresh challenges).</summary>
    /// <exception cref="MonitoringStreamBrokenException">The stream ended, the answer was not this batch's ack, or it did not come in time.</exception>
    public async Task<BatchAck> SendAsync(IEnumerable<Envelope> reports, CancellationToken cancellationToken)
    {
        var batch = new ReportBatch { BatchId = ++_batchId };
        batch.Reports.AddRange(reports);
        await _call.RequestStream.WriteAsync(new StreamRequest { Batch = batch }, cancellationToken);
        var response = await ReadAsync(cancellationToken);
        if (response.KindCase != StreamResponse.KindOneofCase.Ack || response.Ack.BatchId != batch.BatchId)
        {
            throw new MonitoringStreamBrokenException(response.KindCase == StreamResponse.KindOneofCase.Ack
                ? $"the server acknowledged batch {response.Ack.BatchId}, not {batch.BatchId}"
                : $"the server answered batch {batch.BatchId} with {response.KindCase}, not an ack");
        }

        return response.Ack;
    }

    /// <summary>Says that no more batches come, and waits for the server to end the stream.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _call.RequestStream.CompleteAsync();
        while (await _call.ResponseStream.MoveNext(cancellationToken))
        {
        }
    }

    public void Dispose() => _call.Dispose();

    private async Task<StreamResponse> ReadAsync(CancellationToken cancellationToken)
    {
        using var timeout = _answerTimeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (!await _call.ResponseStream.MoveNext(linked?.Token ?? cancellationToken))
            {
                throw new MonitoringStreamBrokenException("the server ended the stream");
            }
        }
        catch (Exception e) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new MonitoringStreamBrokenException($"no answer within {_answerTimeout!.Value.TotalSeconds:0.###} s");
        }

        return _call.ResponseStream.Current;
    }
}
