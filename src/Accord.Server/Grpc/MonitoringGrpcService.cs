using Accord.Core.Monitoring;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Devices;
using Accord.Grains.Telemetry;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Mapping;
using Accord.Server.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Accord.Server.Grpc;

/// <summary>
/// The evidence stream: a signed hello opens it for one lab; each report of a batch is read once, here, and the
/// batch split by the device each names; each device grain verifies, logs and records its reports as read, and
/// the batch is acknowledged only then. A batch over the lab's report rate limit ends the stream with
/// RESOURCE_EXHAUSTED (RATE_LIMITED) before any of it is looked at: its reports stay pending at the agent, which
/// reopens the stream after the delay given.
/// </summary>
public sealed class MonitoringGrpcService(
    IGrainFactory grains,
    SignedRequestReader requests,
    IOptions<MonitoringOptions> options,
    RequestLimiter limiter,
    AccordMetrics metrics) : MonitoringService.MonitoringServiceBase
{
    /// <summary>The most reports one batch may carry.</summary>
    public const int MaxBatchReports = 10_000;

    public override async Task Stream(IAsyncStreamReader<StreamRequest> requestStream, IServerStreamWriter<StreamResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.KindCase != StreamRequest.KindOneofCase.Hello)
        {
            throw RpcErrors.Invalid("hello", "the first message of a stream must be a signed MonitoringHello");
        }

        var hello = SignedRequestReader.Parse(requestStream.Current.Hello, MonitoringHello.Parser, h => h.Header);
        var party = await requests.AuthenticateAsync(hello, cancellationToken);
        PermissionChecks.Require(party, Core.Parties.PartyAction.StreamReports);

        var interval = (uint)Math.Max(1, options.Value.ReportInterval.TotalSeconds);
        await responseStream.WriteAsync(new StreamResponse { Opened = new StreamOpened { PartyId = party.PartyId, ReportIntervalSeconds = interval } }, cancellationToken);
        while (await requestStream.MoveNext(cancellationToken))
        {
            var request = requestStream.Current;
            if (request.KindCase != StreamRequest.KindOneofCase.Batch)
            {
                throw RpcErrors.Invalid("batch", "after the hello, every message must be a batch");
            }

            if (request.Batch.Reports.Count > MaxBatchReports)
            {
                throw RpcErrors.Invalid("batch.reports", $"at most {MaxBatchReports} reports per batch");
            }

            limiter.TakeReports(party.PartyId, request.Batch.Reports.Count);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            BatchAck ack;
            using (var activity = AccordMetrics.ActivitySource.StartActivity("accord.ingest.batch"))
            {
                activity?.SetTag("accord.party", party.PartyId);
                activity?.SetTag("accord.reports", request.Batch.Reports.Count);
                ack = await Ingest(party.PartyId, request.Batch, cancellationToken);
                Record(ack);
                activity?.SetTag("accord.accepted", ack.Results.Count(r => r.Outcome == ReportOutcome.Accepted));
            }

            metrics.BatchIngested(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            ack.NextReportDueSeconds = interval;
            await responseStream.WriteAsync(new StreamResponse { Ack = ack }, cancellationToken);
        }
    }

    private void Record(BatchAck ack)
    {
        foreach (var result in ack.Results)
        {
            switch (result.Outcome)
            {
                case ReportOutcome.Accepted:
                    metrics.ReportIngested("accepted");
                    break;
                case ReportOutcome.Duplicate:
                    metrics.ReportIngested("duplicate");
                    break;
                default:
                    metrics.ReportIngested("rejected");
                    metrics.VerificationFailed("report", result.Reason.Length > 0 ? result.Reason : "UNSPECIFIED");
                    break;
            }
        }
    }

    private async Task<BatchAck> Ingest(string partyId, ReportBatch batch, CancellationToken cancellationToken)
    {
        var ack = new BatchAck { BatchId = batch.BatchId };
        var results = new ReportResult[batch.Reports.Count];
        var byDevice = new Dictionary<string, List<ReportSubmission>>();
        for (var i = 0; i < batch.Reports.Count; i++)
        {
            var report = Read(batch.Reports[i]);
            var deviceId = report?.Facts.DeviceId;
            if (report is null || string.IsNullOrEmpty(deviceId) || deviceId.Length > 128)
            {
                results[i] = new ReportResult { Position = (uint)i, Outcome = ReportOutcome.Rejected, Reason = "MALFORMED", Message = "not a signed MonitoringReport with a device id", LogIndex = -1 };
                continue;
            }

            if (!byDevice.TryGetValue(deviceId, out var list))
            {
                byDevice[deviceId] = list = [];
            }

            list.Add(new ReportSubmission { Position = i, Report = report });
        }

        var ingested = await Task.WhenAll(byDevice.Select(async pair =>
            (DeviceId: pair.Key, Result: await grains.GetGrain<IDeviceGrain>(pair.Key).Ingest(partyId, [.. pair.Value], cancellationToken))));
        foreach (var (deviceId, result) in ingested)
        {
            foreach (var r in result.Results)
            {
                results[r.Position] = new ReportResult
                {
                    Position = (uint)r.Position,
                    DeviceId = r.DeviceId,
                    Sequence = r.Sequence,
                    Outcome = r.Disposition switch
                    {
                        ReportDisposition.Accepted => ReportOutcome.Accepted,
                        ReportDisposition.Duplicate => ReportOutcome.Duplicate,
                        _ => ReportOutcome.Rejected,
                    },
                    Reason = r.Reason,
                    Message = r.Message,
                    LogIndex = r.LogIndex,
                };
            }

            if (result.Challenge is { } challenge)
            {
                ack.Challenges.Add(new DeviceChallenge { DeviceId = deviceId, Nonce = ByteString.CopyFrom(challenge.Nonce), ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt) });
            }
        }

        ack.Results.AddRange(results);
        return ack;
    }

    /// <summary>
    /// The report an envelope carries, read once for the whole ingest path (the device grain takes it as read);
    /// null when the payload is not a MonitoringReport or does not parse.
    /// </summary>
    private static SignedReport? Read(Envelope envelope)
    {
        try
        {
            return MonitoringMapping.ReadReport(EnvelopeMapping.ToCore(envelope));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
