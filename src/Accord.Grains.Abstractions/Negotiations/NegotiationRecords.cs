using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Negotiations;

/// <summary>The protocol of a session.</summary>
public enum NegotiationProtocolKind
{
    /// <summary>Stacked alternating offers.</summary>
    AlternatingOffers,

    /// <summary>Mediated single text, with the AI mediator.</summary>
    Mediated,
}

/// <summary>What a move does (a human seat's move, or a move in the trace).</summary>
public enum NegotiationMoveKind
{
    /// <summary>Propose an outcome (in the trace with party -1: the mediator's text).</summary>
    Offer,

    /// <summary>Accept the offer on the table or the mediator's text.</summary>
    Accept,

    /// <summary>Reject without a counter-offer.</summary>
    Reject,

    /// <summary>Walk away.</summary>
    End,
}

/// <summary>What a human seat is asked to do.</summary>
public enum NegotiationTurnKind
{
    /// <summary>Alternating offers, nothing to answer: offer or end.</summary>
    Propose,

    /// <summary>Alternating offers, an offer on the table: accept, offer, reject or end.</summary>
    Answer,

    /// <summary>Single text: accept or reject the mediator's text.</summary>
    Review,
}

/// <summary>Where a session is.</summary>
public enum NegotiationSessionStatus
{
    /// <summary>Created, not started.</summary>
    Created,

    /// <summary>Agents are moving.</summary>
    Running,

    /// <summary>Waiting for a human seat.</summary>
    AwaitingMove,

    /// <summary>Ended (with or without agreement).</summary>
    Finished,

    /// <summary>Stopped by an error.</summary>
    Failed,
}

/// <summary>What a session event is.</summary>
public enum NegotiationEventKind
{
    /// <summary>A move.</summary>
    Move,

    /// <summary>A human seat must move.</summary>
    Turn,

    /// <summary>The session ended.</summary>
    Ended,

    /// <summary>The session failed.</summary>
    Failed,
}

/// <summary>Who negotiates for one party: an agent name or "human", and the registry party the seat represents.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-seat")]
public sealed record NegotiationSeat
{
    [Id(0)] public required string Agent { get; init; }
    [Id(1)] public required string PartyId { get; init; }
}

/// <summary>One GENIUS utility profile.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-genius-profile")]
public sealed record GeniusProfileText
{
    [Id(0)] public required string PartyName { get; init; }
    [Id(1)] public required string Xml { get; init; }
}

/// <summary>A session as created: the domain as text (native JSON, or GENIUS XML), the seats and the protocol options.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-spec")]
public sealed record NegotiationSessionSpec
{
    /// <summary>The native JSON domain, or null for a GENIUS domain.</summary>
    [Id(0)] public string? DomainJson { get; init; }
    /// <summary>The GENIUS domain file's XML, or null for a native domain.</summary>
    [Id(1)] public string? GeniusDomainXml { get; init; }
    [Id(2)] public ImmutableList<GeniusProfileText> GeniusProfiles { get; init; } = [];
    /// <summary>The GENIUS domain's name, when given.</summary>
    [Id(3)] public string? GeniusName { get; init; }
    [Id(4)] public ImmutableList<NegotiationSeat> Seats { get; init; } = [];
    /// <summary>The deadline in rounds (0: 100).</summary>
    [Id(5)] public int Rounds { get; init; }
    [Id(6)] public int Seed { get; init; }
    [Id(7)] public NegotiationProtocolKind Protocol { get; init; }
}

/// <summary>One move of a session's trace, with offers as value labels in issue order.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-trace-entry")]
public sealed record NegotiationTraceRecord
{
    [Id(0)] public int Round { get; init; }
    [Id(1)] public int Step { get; init; }
    /// <summary>The party index; -1 for the mediator.</summary>
    [Id(2)] public int Party { get; init; }
    [Id(3)] public string Agent { get; init; } = "";
    [Id(4)] public NegotiationMoveKind Action { get; init; }
    [Id(5)] public ImmutableList<string>? Offer { get; init; }
    [Id(6)] public ImmutableList<double>? Utilities { get; init; }
    [Id(7)] public double Time { get; init; }
    [Id(8)] public string? Message { get; init; }
}

/// <summary>The move a session waits for from a human seat.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-turn")]
public sealed record NegotiationTurn
{
    [Id(0)] public int Seat { get; init; }
    [Id(1)] public string PartyId { get; init; } = "";
    [Id(2)] public int Step { get; init; }
    [Id(3)] public int Round { get; init; }
    [Id(4)] public NegotiationTurnKind Kind { get; init; }
    /// <summary>The offer on the table or the mediator's text, as labels; null when none.</summary>
    [Id(5)] public ImmutableList<string>? CurrentOffer { get; init; }
    /// <summary>Who proposed <see cref="CurrentOffer"/>; -1 for the mediator or none.</summary>
    [Id(6)] public int CurrentProposer { get; init; } = -1;
}

/// <summary>One event of a session: a move, a human turn, the end, or a failure.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-event")]
public sealed record NegotiationEvent
{
    [Id(0)] public int Index { get; init; }
    [Id(1)] public NegotiationEventKind Kind { get; init; }
    [Id(2)] public NegotiationTraceRecord? Move { get; init; }
    [Id(3)] public NegotiationTurn? Turn { get; init; }
    [Id(4)] public string? Failure { get; init; }
}

/// <summary>A session's metrics as numbers (NaN where a point does not exist).</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-metrics")]
public sealed record NegotiationMetricsRecord
{
    [Id(0)] public int Rounds { get; init; }
    [Id(1)] public double ElapsedSeconds { get; init; }
    [Id(2)] public double AgreementTime { get; init; }
    [Id(3)] public ImmutableList<double> Utilities { get; init; } = [];
    [Id(4)] public ImmutableList<double> DiscountedUtilities { get; init; } = [];
    [Id(5)] public ImmutableList<double> Advantages { get; init; } = [];
    [Id(6)] public double Welfare { get; init; }
    [Id(7)] public double NashProduct { get; init; }
    [Id(8)] public double ParetoDistance { get; init; }
    [Id(9)] public double NashDistance { get; init; }
    [Id(10)] public double KalaiDistance { get; init; }
}

/// <summary>How a session ended.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-result")]
public sealed record NegotiationResultRecord
{
    [Id(0)] public bool Agreement { get; init; }
    /// <summary>The agreed outcome's labels in issue order; null with no deal.</summary>
    [Id(1)] public ImmutableList<string>? Deal { get; init; }
    [Id(2)] public string EndReason { get; init; } = "";
    [Id(3)] public int Rounds { get; init; }
    [Id(4)] public NegotiationMetricsRecord Metrics { get; init; } = new();
    /// <summary>Whether the deal is self-enforcing under the domain's inspection game; false with no deal.</summary>
    [Id(5)] public bool SelfEnforcing { get; init; }
    [Id(6)] public string? Explanation { get; init; }
}

/// <summary>A human seat's accepted move, kept so a reactivated session can be replayed to where it was.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-human-move")]
public sealed record HumanMoveRecord
{
    [Id(0)] public int Seat { get; init; }
    [Id(1)] public int Step { get; init; }
    [Id(2)] public NegotiationMoveKind Kind { get; init; }
    /// <summary>The offer's exact labels in issue order, for <see cref="NegotiationMoveKind.Offer"/>.</summary>
    [Id(3)] public ImmutableList<string>? Offer { get; init; }
    [Id(4)] public string? Message { get; init; }
    [Id(5)] public string PartyId { get; init; } = "";
    /// <summary>The transparency log index of the signed move.</summary>
    [Id(6)] public long LogIndex { get; init; } = -1;
}

/// <summary>A negotiation session's durable state: the spec, the human moves so far and, once finished, the result and events.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-state")]
public sealed record NegotiationSessionState
{
    [Id(0)] public string SessionId { get; init; } = "";
    [Id(1)] public NegotiationSessionSpec? Spec { get; init; }
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public bool Started { get; init; }
    [Id(4)] public ImmutableList<HumanMoveRecord> HumanMoves { get; init; } = [];
    [Id(5)] public NegotiationResultRecord? Result { get; init; }
    /// <summary>Every event, once the session has finished or failed (before that they are rebuilt by replay).</summary>
    [Id(6)] public ImmutableList<NegotiationEvent> Events { get; init; } = [];
    [Id(7)] public string? Failure { get; init; }
    /// <summary>The party that created it.</summary>
    [Id(8)] public string CreatedBy { get; init; } = "";

    public bool IsCreated => Spec is not null;

    public bool IsOver => Result is not null || Failure is not null;
}

/// <summary>One issue of a session's domain.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-issue-view")]
public sealed record NegotiationIssueView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ImmutableList<string> Values { get; init; }
}

/// <summary>One seat of a session.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-seat-view")]
public sealed record NegotiationSeatView
{
    /// <summary>The party's name in the domain.</summary>
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Agent { get; init; }
    [Id(2)] public required string PartyId { get; init; }
}

/// <summary>A session as clients see it.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-view")]
public sealed record NegotiationSessionView
{
    [Id(0)] public required string SessionId { get; init; }
    [Id(1)] public required string Domain { get; init; }
    [Id(2)] public required ImmutableList<NegotiationIssueView> Issues { get; init; }
    [Id(3)] public required ImmutableList<NegotiationSeatView> Seats { get; init; }
    [Id(4)] public NegotiationProtocolKind Protocol { get; init; }
    [Id(5)] public int Rounds { get; init; }
    [Id(6)] public int Seed { get; init; }
    [Id(7)] public NegotiationSessionStatus Status { get; init; }
    [Id(8)] public NegotiationTurn? Awaiting { get; init; }
    [Id(9)] public ImmutableList<NegotiationTraceRecord> Trace { get; init; } = [];
    [Id(10)] public NegotiationResultRecord? Result { get; init; }
    [Id(11)] public int EventCount { get; init; }
    [Id(12)] public string? Failure { get; init; }
    [Id(13)] public string CreatedBy { get; init; } = "";
}

/// <summary>A human seat's move (signature and freshness already checked by the caller).</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-move")]
public sealed record HumanMoveCommand
{
    /// <summary>The authenticated party that signed the move.</summary>
    [Id(0)] public required string PartyId { get; init; }
    [Id(1)] public required int Seat { get; init; }
    [Id(2)] public required int Step { get; init; }
    [Id(3)] public required NegotiationMoveKind Kind { get; init; }
    /// <summary>Issue name -> value, for an offer.</summary>
    [Id(4)] public ImmutableDictionary<string, string> Offer { get; init; } = ImmutableDictionary<string, string>.Empty;
    [Id(5)] public string? Message { get; init; }
    [Id(6)] public required StoredEnvelope Envelope { get; init; }
}

/// <summary>Events from an index, and whether the session has no more to come.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-events")]
public sealed record NegotiationEventBatch
{
    [Id(0)] public ImmutableList<NegotiationEvent> Events { get; init; } = [];
    /// <summary>True when the session is over and <see cref="Events"/> reaches its last event.</summary>
    [Id(1)] public bool Complete { get; init; }
    /// <summary>The result, once the session has finished.</summary>
    [Id(2)] public NegotiationResultRecord? Result { get; init; }
}

/// <summary>A commitment the deal implies for one lab; the terms are the bytes of an <c>accord.v1.CommitmentTerms</c>.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-deal-commitment")]
public sealed record DealCommitmentRecord
{
    [Id(0)] public required string PartyId { get; init; }
    [Id(1)] public required string Issue { get; init; }
    [Id(2)] public required string Title { get; init; }
    /// <summary>The serialized <c>accord.v1.CommitmentTerms</c>.</summary>
    [Id(3)] public required byte[] Terms { get; init; }
    [Id(4)] public required string Description { get; init; }
    [Id(5)] public required string Command { get; init; }
}

/// <summary>The agreement an agreed session stands for: the proposal's fields (rule: all parties) and the commitments each lab registers, conditioned on every party signing.</summary>
[GenerateSerializer, Immutable, Alias("accord.negotiation-agreement-draft")]
public sealed record SessionAgreementDraft
{
    [Id(0)] public required string AgreementId { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required string Text { get; init; }
    [Id(3)] public required ImmutableList<string> PartyIds { get; init; }
    [Id(4)] public required ImmutableList<DealCommitmentRecord> Commitments { get; init; }
}
