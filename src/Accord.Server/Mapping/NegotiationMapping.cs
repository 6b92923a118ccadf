using Accord.Grains.Abstractions.Negotiations;
using Accord.Protos.V1;

namespace Accord.Server.Mapping;

/// <summary>Maps negotiation sessions between <c>accord.v1</c> messages and the negotiation grain's records.</summary>
public static class NegotiationMapping
{
    /// <summary>The grain spec a CreateSessionRequest states (checked by the grain).</summary>
    public static NegotiationSessionSpec ToSpec(SessionCreation request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? new NegotiationSettings();
        return new NegotiationSessionSpec
        {
            DomainJson = request.DomainCase == SessionCreation.DomainOneofCase.DomainJson ? request.DomainJson : null,
            GeniusDomainXml = request.DomainCase == SessionCreation.DomainOneofCase.Genius ? request.Genius.DomainXml : null,
            GeniusProfiles = request.DomainCase == SessionCreation.DomainOneofCase.Genius
                ? [.. request.Genius.Profiles.Select(p => new GeniusProfileText { PartyName = p.PartyName, Xml = p.Xml })]
                : [],
            GeniusName = request.DomainCase == SessionCreation.DomainOneofCase.Genius && request.Genius.Name.Length > 0 ? request.Genius.Name : null,
            Seats = [.. request.Seats.Select(s => new NegotiationSeat { Agent = s.Agent, PartyId = s.PartyId })],
            Rounds = options.Rounds > int.MaxValue ? int.MaxValue : (int)options.Rounds,
            Seed = options.Seed,
            Protocol = options.Protocol == NegotiationProtocol.Mediated ? NegotiationProtocolKind.Mediated : NegotiationProtocolKind.AlternatingOffers,
        };
    }

    /// <summary>The grain's move kind; null for an unset or unknown kind.</summary>
    public static NegotiationMoveKind? ToDomain(MoveKind kind) => kind switch
    {
        MoveKind.Offer => NegotiationMoveKind.Offer,
        MoveKind.Accept => NegotiationMoveKind.Accept,
        MoveKind.Reject => NegotiationMoveKind.Reject,
        MoveKind.End => NegotiationMoveKind.End,
        _ => null,
    };

    public static NegotiationSession ToProto(NegotiationSessionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var session = new NegotiationSession
        {
            SessionId = view.SessionId,
            CreatedBy = view.CreatedBy,
            Domain = view.Domain,
            Protocol = ToProto(view.Protocol),
            Rounds = (uint)view.Rounds,
            Seed = view.Seed,
            Status = view.Status switch
            {
                NegotiationSessionStatus.Created => SessionStatus.Created,
                NegotiationSessionStatus.Running => SessionStatus.Running,
                NegotiationSessionStatus.AwaitingMove => SessionStatus.AwaitingMove,
                NegotiationSessionStatus.Finished => SessionStatus.Finished,
                NegotiationSessionStatus.Failed => SessionStatus.Failed,
                _ => SessionStatus.Unspecified,
            },
            Awaiting = view.Awaiting is { } turn ? ToProto(turn) : null,
            Outcome = view.Result is { } result ? ToProto(result) : null,
            EventCount = (uint)view.EventCount,
            Error = view.Failure ?? string.Empty,
        };
        session.Issues.AddRange(view.Issues.Select(i => new NegotiationIssue { Name = i.Name, Values = { i.Values } }));
        session.Seats.AddRange(view.Seats.Select(s => new SessionSeat { Name = s.Name, Agent = s.Agent, PartyId = s.PartyId }));
        session.Trace.AddRange(view.Trace.Select(ToProto));
        return session;
    }

    public static SessionEvent ToProto(NegotiationEvent e, NegotiationResultRecord? result)
    {
        ArgumentNullException.ThrowIfNull(e);
        var proto = new SessionEvent { Index = (uint)e.Index };
        switch (e.Kind)
        {
            case NegotiationEventKind.Move:
                proto.Move = ToProto(e.Move!);
                break;
            case NegotiationEventKind.Turn:
                proto.Turn = ToProto(e.Turn!);
                break;
            case NegotiationEventKind.Ended:
                proto.Ended = result is null ? new NegotiationOutcome() : ToProto(result);
                break;
            default:
                proto.Failed = e.Failure ?? "failed";
                break;
        }

        return proto;
    }

    public static AwaitedMove ToProto(NegotiationTurn turn)
    {
        var proto = new AwaitedMove
        {
            Seat = (uint)turn.Seat,
            PartyId = turn.PartyId,
            Step = (uint)turn.Step,
            Round = (uint)turn.Round,
            Kind = turn.Kind switch
            {
                NegotiationTurnKind.Propose => TurnKind.Propose,
                NegotiationTurnKind.Answer => TurnKind.Answer,
                _ => TurnKind.Review,
            },
            CurrentProposer = turn.CurrentProposer,
        };
        proto.CurrentOffer.AddRange(turn.CurrentOffer ?? []);
        return proto;
    }

    public static NegotiationTraceEntry ToProto(NegotiationTraceRecord e)
    {
        var proto = new NegotiationTraceEntry
        {
            Round = (uint)e.Round,
            Step = (uint)e.Step,
            Party = e.Party,
            Agent = e.Agent,
            Action = e.Action switch
            {
                NegotiationMoveKind.Offer => TraceAction.Offer,
                NegotiationMoveKind.Accept => TraceAction.Accept,
                NegotiationMoveKind.Reject => TraceAction.Reject,
                _ => TraceAction.End,
            },
            Time = e.Time,
            Message = e.Message ?? string.Empty,
        };
        proto.Offer.AddRange(e.Offer ?? []);
        proto.Utilities.AddRange(e.Utilities ?? []);
        return proto;
    }

    public static NegotiationOutcome ToProto(NegotiationResultRecord r)
    {
        var m = r.Metrics;
        var metrics = new NegotiationMetrics
        {
            Rounds = (uint)m.Rounds,
            ElapsedSeconds = m.ElapsedSeconds,
            AgreementTime = m.AgreementTime,
            Welfare = m.Welfare,
            NashProduct = m.NashProduct,
            ParetoDistance = m.ParetoDistance,
            NashDistance = m.NashDistance,
            KalaiDistance = m.KalaiDistance,
        };
        metrics.Utilities.AddRange(m.Utilities);
        metrics.DiscountedUtilities.AddRange(m.DiscountedUtilities);
        metrics.Advantages.AddRange(m.Advantages);
        var outcome = new NegotiationOutcome
        {
            Agreement = r.Agreement,
            EndReason = r.EndReason,
            Metrics = metrics,
            SelfEnforcing = r.SelfEnforcing,
            Explanation = r.Explanation ?? string.Empty,
        };
        outcome.Deal.AddRange(r.Deal ?? []);
        return outcome;
    }

    public static NegotiationProtocol ToProto(NegotiationProtocolKind protocol) =>
        protocol == NegotiationProtocolKind.Mediated ? NegotiationProtocol.Mediated : NegotiationProtocol.AlternatingOffers;

    /// <summary>The proposal a draft stands for (no header: the proposer sets it and signs).</summary>
    public static AgreementProposal ToProposal(SessionAgreementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var proposal = new AgreementProposal
        {
            AgreementId = draft.AgreementId,
            Title = draft.Title,
            Text = draft.Text,
            Rule = new ActivationRule { All = true },
        };
        proposal.PartyIds.AddRange(draft.PartyIds);
        return proposal;
    }

    /// <summary>The commitments of a draft, each conditioned on every party to the agreement signing it.</summary>
    public static IEnumerable<DealCommitment> ToProto(SessionAgreementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var condition = new ActivationCondition { AgreementId = draft.AgreementId, Parties = new PartySet { PartyIds = { draft.PartyIds } } };
        return draft.Commitments.Select(c => new DealCommitment
        {
            PartyId = c.PartyId,
            Issue = c.Issue,
            Title = c.Title,
            Terms = CommitmentTerms.Parser.ParseFrom(c.Terms),
            Condition = condition.Clone(),
            Description = c.Description,
            Command = c.Command,
        });
    }
}
