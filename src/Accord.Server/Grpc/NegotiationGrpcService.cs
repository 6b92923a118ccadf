using System.Collections.Immutable;
using System.Security.Cryptography;
using Accord.Core.Parties;
using Accord.Grains.Abstractions.Negotiations;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Mapping;
using Accord.Server.Security;
using Grpc.Core;

namespace Accord.Server.Grpc;

/// <summary>
/// Negotiation sessions over gRPC: map the request to the negotiation grain's records, call the grain,
/// map the session back. Human moves are signed requests, checked like registry mutations; an agreed
/// deal goes to the registry through the same path as RegistryService.ProposeAgreement.
/// </summary>
public sealed class NegotiationGrpcService(IGrainFactory grains, SignedRequestReader requests, AgreementProposals proposals) : NegotiationService.NegotiationServiceBase
{
    /// <summary>The longest public message on a move.</summary>
    public const int MaxMessageLength = 1000;

    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, SessionCreation.Parser, p => p.Header);
        var creation = signed.Payload;
        var id = string.IsNullOrEmpty(creation.SessionId) ? "s-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : creation.SessionId;
        RpcErrors.RequireSlug(id, "session_id");
        if (creation.DomainCase == SessionCreation.DomainOneofCase.None)
        {
            throw RpcErrors.Invalid("domain", "give the domain as domain_json or genius", "MALFORMED_DOMAIN");
        }

        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var created = await Session(id).Create(NegotiationMapping.ToSpec(creation), party.PartyId, context.CancellationToken);
        return new CreateSessionResponse { Session = Shown(created.OrThrow(), party.ToActingParty()) };
    }

    public override async Task<RunSessionResponse> RunSession(RunSessionRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, SessionRun.Parser, p => p.Header);
        RpcErrors.RequireSlug(signed.Payload.SessionId, "session_id");
        var session = Session(signed.Payload.SessionId);
        _ = await session.Get() ?? throw UnknownSession(signed.Payload.SessionId);
        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var run = await session.Run(party.PartyId, signed.Payload.Stop, context.CancellationToken);
        return new RunSessionResponse { Session = Shown(run.OrThrow(), party.ToActingParty()) };
    }

    public override async Task<SubmitMoveResponse> SubmitMove(SubmitMoveRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, NegotiationMove.Parser, p => p.Header);
        var move = signed.Payload;
        RpcErrors.RequireSlug(move.SessionId, "session_id");
        var kind = NegotiationMapping.ToDomain(move.Kind) ?? throw RpcErrors.Invalid("kind", "set kind to offer, accept, reject or end");
        RpcErrors.RequireText("message", move.Message, 0, MaxMessageLength, allowNewlines: true);

        var session = Session(move.SessionId);
        _ = await session.Get() ?? throw UnknownSession(move.SessionId);
        var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
        var moved = await session.SubmitMove(new HumanMoveCommand
        {
            PartyId = party.PartyId,
            Seat = (int)Math.Min(move.Seat, int.MaxValue),
            Step = (int)Math.Min(move.Step, int.MaxValue),
            Kind = kind,
            Offer = move.Offer.ToImmutableDictionary(StringComparer.Ordinal),
            Message = move.Message,
            Envelope = signed.Stored,
        }, context.CancellationToken);
        return new SubmitMoveResponse { Session = Shown(moved.OrThrow(), party.ToActingParty()), Receipt = LogMapping.ToProto(moved.Receipt) };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        RpcErrors.RequireSlug(request.SessionId, "session_id");
        var reader = await requests.ReaderAsync(request.Reader, SessionReader.Parser, r => r.Header, context.CancellationToken);
        var view = await Session(request.SessionId).Get() ?? throw UnknownSession(request.SessionId);
        return new GetSessionResponse { Session = Shown(view, reader) };
    }

    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<WatchSessionResponse> responseStream, ServerCallContext context)
    {
        RpcErrors.RequireSlug(request.SessionId, "session_id");
        var session = Session(request.SessionId);
        var reader = await requests.ReaderAsync(request.Reader, SessionReader.Parser, r => r.Header, context.CancellationToken);
        var seats = (await session.Get())?.Seats.Select(s => s.PartyId).ToList() ?? [];
        var visible = SessionPrivacy.VisibleSeats(seats, reader);
        var next = (int)Math.Min(request.FromIndex, int.MaxValue);
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var batch = (await session.WaitForEvents(next, context.CancellationToken)).OrThrow();
            foreach (var e in batch.Events)
            {
                await responseStream.WriteAsync(new WatchSessionResponse { Event = SessionPrivacy.Redact(NegotiationMapping.ToProto(e, batch.Result), visible, seats.Count) }, context.CancellationToken);
                next = e.Index + 1;
            }

            if (batch.Complete)
            {
                return;
            }
        }
    }

    public override async Task<DraftSessionAgreementResponse> DraftSessionAgreement(DraftSessionAgreementRequest request, ServerCallContext context)
    {
        RpcErrors.RequireSlug(request.SessionId, "session_id");
        RpcErrors.RequireSlug(request.AgreementId, "agreement_id");
        var draft = (await Session(request.SessionId).DraftAgreement(request.AgreementId, request.Title, context.CancellationToken)).OrThrow();
        var proposal = NegotiationMapping.ToProposal(draft);
        if (AgreementMapping.ToDraft(proposal) is { Ok: false } refused)
        {
            throw RpcErrors.Invalid(refused.Violations, "MALFORMED_AGREEMENT");
        }

        return new DraftSessionAgreementResponse { Proposal = proposal, Commitments = { NegotiationMapping.ToProto(draft) } };
    }

    public override async Task<ProposeSessionAgreementResponse> ProposeSessionAgreement(ProposeSessionAgreementRequest request, ServerCallContext context)
    {
        RpcErrors.RequireSlug(request.SessionId, "session_id");
        var signed = SignedRequestReader.Parse(request.Envelope, AgreementProposal.Parser, p => p.Header);
        var proposal = signed.Payload;
        RpcErrors.RequireSlug(proposal.AgreementId, "agreement_id");
        var draft = (await Session(request.SessionId).DraftAgreement(proposal.AgreementId, proposal.Title, context.CancellationToken)).OrThrow();
        if (proposal.Text != draft.Text)
        {
            throw RpcErrors.Invalid("text", $"must be the text DraftSessionAgreement gives for session '{request.SessionId}' and agreement '{proposal.AgreementId}'", "NOT_THE_DEAL");
        }

        if (!proposal.PartyIds.SequenceEqual(draft.PartyIds, StringComparer.Ordinal))
        {
            throw RpcErrors.Invalid("party_ids", $"must be the seats' parties in seat order: {string.Join(", ", draft.PartyIds)}", "NOT_THE_DEAL");
        }

        if (proposal.Rule?.RuleCase != ActivationRule.RuleOneofCase.All || !proposal.Rule.All)
        {
            throw RpcErrors.Invalid("rule", "a negotiated agreement binds only when every party signs: set all", "NOT_THE_DEAL");
        }

        var agreement = await proposals.ProposeAsync(signed, context.CancellationToken);
        return new ProposeSessionAgreementResponse
        {
            Agreement = RecordMapping.ToRecord(agreement.Value!),
            Receipt = LogMapping.ToProto(agreement.Receipt),
            Commitments = { NegotiationMapping.ToProto(draft) },
        };
    }

    private INegotiationGrain Session(string id) => grains.GetGrain<INegotiationGrain>(id);

    private static RpcException UnknownSession(string id) => RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_SESSION", $"no negotiation session '{id}'");

    /// <summary>The session as <paramref name="reader"/> may see it: its own seats' utilities, no one else's.</summary>
    private static NegotiationSession Shown(Grains.Abstractions.Negotiations.NegotiationSessionView view, ActingParty? reader) =>
        SessionPrivacy.Redact(NegotiationMapping.ToProto(view), SessionPrivacy.VisibleSeats(view.Seats.Select(s => s.PartyId), reader));
}
