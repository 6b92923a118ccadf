using Accord.Core.Parties;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Log;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Mapping;
using Accord.Server.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Accord.Server.Grpc;

/// <summary>
/// Compliance over gRPC: the public status of a party, per-run detail for the party itself and
/// inspectors, training notices, and the acknowledged violation feed.
/// </summary>
public sealed class ComplianceGrpcService(IGrainFactory grains, IWireFormat wire, SignedRequestReader requests, Verdicts.VerdictPreparer verdicts) : ComplianceService.ComplianceServiceBase
{
    /// <summary>How long a watch waits for new violations before checking the connection again.</summary>
    private static readonly TimeSpan WatchPoll = TimeSpan.FromSeconds(5);

    private IViolationFeedGrain Feed => grains.GetGrain<IViolationFeedGrain>(IViolationFeedGrain.Key);

    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        await RequireParty(request.PartyId, "party_id");
        var status = await grains.GetGrain<IComplianceGrain>(request.PartyId).GetStatus();
        return new GetStatusResponse
        {
            Commitments = { status.Commitments.Select(ToPublicRecord) },
            Reports = status.Reports,
            TotalFlop = status.TotalFlop,
            Devices = (uint)status.Devices,
            SilentDevices = (uint)status.SilentDevices,
        };
    }

    public override async Task<GetRunDetailsResponse> GetRunDetails(GetRunDetailsRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, RunDetailsQuery.Parser, q => q.Header);
        await RequireParty(signed.Payload.PartyId, "party_id");
        var caller = await requests.AuthenticateAsync(signed, context.CancellationToken);
        PermissionChecks.Require(caller, PartyAction.ReadRunDetails, PermissionSubject.Party(signed.Payload.PartyId));

        var response = new GetRunDetailsResponse();
        response.Violations.AddRange((await Feed.Read(0, signed.Payload.PartyId, 1000)).Select(ToRecord));
        return response;
    }

    public override async Task<NotifyTrainingResponse> NotifyTraining(NotifyTrainingRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, TrainingNotification.Parser, n => n.Header);
        var payload = signed.Payload;
        RpcErrors.RequireText("workload_id", payload.WorkloadId, 1, 128);

        if (!double.IsFinite(payload.ExpectedFlop) || payload.ExpectedFlop < 0)
        {
            throw RpcErrors.Invalid("expected_flop", "must be a finite, non-negative number of FLOP");
        }

        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        PermissionChecks.Require(party, PartyAction.NotifyTraining);

        var receipt = await grains.LogAsync(wire, signed.Stored, context.CancellationToken);
        await grains.GetGrain<IComplianceGrain>(party.PartyId).AddNotice(
            payload.WorkloadId, payload.ExpectedFlop, signed.IssuedAt, new EvidenceData { LogIndex = receipt.Index, LeafHash = receipt.LeafHash }, context.CancellationToken);
        return new NotifyTrainingResponse { Receipt = LogMapping.ToProto(receipt) };
    }

    public override async Task WatchViolations(WatchViolationsRequest request, IServerStreamWriter<WatchViolationsResponse> responseStream, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, ViolationSubscription.Parser, s => s.Header);
        var subscriber = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var filter = signed.Payload.PartyId;
        if (filter.Length == 0 && !PermissionChecks.Allows(subscriber, PartyAction.WatchViolations, PermissionSubject.Everyone))
        {
            filter = subscriber.PartyId;
        }

        PermissionChecks.Require(subscriber, PartyAction.WatchViolations, filter.Length == 0 ? PermissionSubject.Everyone : PermissionSubject.Party(filter));

        var sent = await grains.GetGrain<IViolationSubscriberGrain>(subscriber.PartyId).Acknowledged();
        var cancellationToken = context.CancellationToken;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await Feed.Read(sent, filter, 100);
            foreach (var violation in batch)
            {
                await responseStream.WriteAsync(new WatchViolationsResponse { Sequence = violation.Sequence, Violation = ToRecord(violation) }, cancellationToken);
                sent = violation.Sequence;
            }

            if (batch.Count == 0)
            {
                var last = await Feed.WaitAfter(sent, WatchPoll);
                if (last <= sent)
                {
                    continue;
                }

                // Violations of other parties moved the feed on; skip past them when none match.
                if ((await Feed.Read(sent, filter, 1)).Count == 0)
                {
                    sent = last;
                }
            }
        }
    }

    public override async Task<AcknowledgeViolationsResponse> AcknowledgeViolations(AcknowledgeViolationsRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, ViolationAcknowledgement.Parser, a => a.Header);
        var subscriber = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var acknowledged = (await grains.GetGrain<IViolationSubscriberGrain>(subscriber.PartyId).Acknowledge(signed.Payload.Sequence, context.CancellationToken)).OrThrow();
        return new AcknowledgeViolationsResponse { Acknowledged = acknowledged };
    }

    public override async Task<PrepareVerdictResponse> PrepareVerdict(PrepareVerdictRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, VerdictQuery.Parser, q => q.Header);
        await RequireParty(signed.Payload.PartyId, "party_id");
        var inspector = await requests.AuthenticateAsync(signed, context.CancellationToken);
        PermissionChecks.Require(inspector, PartyAction.PrepareVerdict);
        var (verdict, bundle) = await verdicts.PrepareAsync(signed.Payload.PartyId, [.. signed.Payload.CommitmentIds.Distinct()], context.CancellationToken);
        return new PrepareVerdictResponse { Verdict = verdict, Bundle = bundle };
    }

    public override async Task<IssueVerdictResponse> IssueVerdict(IssueVerdictRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, Verdict.Parser, v => v.Header);
        var verdict = signed.Payload;
        if (verdict.SubjectCase == Verdict.SubjectOneofCase.None)
        {
            throw RpcErrors.Invalid("subject", "a verdict is about a party or a device");
        }

        if (!ProtoTime.TryRead(verdict.WindowStart, out var windowStart) || !ProtoTime.TryRead(verdict.WindowEnd, out var windowEnd) || windowEnd < windowStart)
        {
            throw RpcErrors.Invalid("window_end", "a verdict needs a window that ends at or after it starts");
        }

        var info = await grains.GetGrain<Accord.Grains.Abstractions.Log.ILogGrain>(Accord.Grains.Abstractions.Log.ILogGrain.Key).GetInfo();
        try
        {
            Core.Transparency.OfflineVerifier.VerifyCheckpoint(verdict.Checkpoint, Core.Notes.NoteVerifier.Parse(info.VerifierKey));
        }
        catch (Core.Transparency.TransparencyVerificationException e)
        {
            throw RpcErrors.Invalid("checkpoint", $"the verdict must name one of this log's checkpoints: {e.Message}", "UNKNOWN_CHECKPOINT");
        }

        var inspector = await requests.AuthenticateAsync(signed, context.CancellationToken);
        PermissionChecks.Require(inspector, PartyAction.IssueVerdict);

        await RequireLedgerAgrees(verdict);
        var receipt = await grains.LogAsync(wire, signed.Stored, context.CancellationToken);
        return new IssueVerdictResponse { Receipt = LogMapping.ToProto(receipt) };
    }

    /// <summary>A verdict on a party is logged only when each finding's state is the party's compliance ledger's now.</summary>
    private async Task RequireLedgerAgrees(Verdict verdict)
    {
        if (verdict.SubjectCase != Verdict.SubjectOneofCase.PartyId || verdict.Findings.Count == 0)
        {
            return;
        }

        await RequireParty(verdict.PartyId, "party_id");
        var status = (await grains.GetGrain<IComplianceGrain>(verdict.PartyId).GetStatus()).Commitments.ToDictionary(c => c.CommitmentId, StringComparer.Ordinal);
        foreach (var finding in verdict.Findings)
        {
            var ledger = status.TryGetValue(finding.CommitmentId, out var e) ? System.Enum.Parse<Core.Compliance.ComplianceState>(e.State) : (Core.Compliance.ComplianceState?)null;
            var claimed = Bundles.VerdictFindings.ToDomain(finding.State);
            if (ledger != claimed || finding.State == FindingState.Unspecified)
            {
                throw RpcErrors.Of(StatusCode.FailedPrecondition, "VERDICT_CONTRADICTS_LEDGER",
                    $"the finding on commitment {finding.CommitmentId} says {Core.Compliance.FindingComparison.Words(claimed)}, the compliance ledger says "
                        + $"{(ledger is { } l ? Core.Compliance.FindingComparison.Words(l) : "nothing (it is not binding)")}; prepare the verdict again");
            }
        }
    }

    private async Task RequireParty(string partyId, string field)
    {
        RpcErrors.RequireSlug(partyId, field);
        if (await grains.GetGrain<IPartyGrain>(partyId).Get() is null)
        {
            throw RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_PARTY", $"no party '{partyId}'");
        }
    }

    // GetStatus is public: a breach is told in aggregate, without the runs and devices that broke it.
    private static CommitmentEvaluationRecord ToPublicRecord(EvaluationData e)
    {
        var record = ToRecord(e);
        record.Why = Core.Compliance.PublicFindings.Why(System.Enum.Parse<Core.Compliance.ComplianceState>(e.State), e.Why, e.Measured ?? 0, e.Limit ?? 0);
        return record;
    }

    private static CommitmentEvaluationRecord ToRecord(EvaluationData e) => new()
    {
        CommitmentId = e.CommitmentId,
        State = e.State switch
        {
            "Holds" => ComplianceState.Holds,
            "Breached" => ComplianceState.Breached,
            _ => ComplianceState.NotVerifiable,
        },
        Why = e.Why,
        Measured = e.Measured ?? 0,
        Limit = e.Limit ?? 0,
        Basis = e.Basis,
    };

    private static ViolationRecord ToRecord(ViolationData v) => new()
    {
        ViolationId = v.ViolationId,
        PartyId = v.PartyId,
        CommitmentId = v.CommitmentId,
        Rule = v.Rule,
        Subject = v.Subject,
        Measured = v.Measured,
        Limit = v.Limit,
        Unit = v.Unit,
        Basis = v.Basis,
        Evidence = { v.Evidence.Select(e => new EvidenceReference { LogIndex = e.LogIndex, LeafHash = ByteString.CopyFrom(e.LeafHash) }) },
        DetectedAt = Timestamp.FromDateTimeOffset(v.DetectedAt),
        Explanation = v.Explanation,
        Checkpoint = v.Checkpoint,
    };
}
