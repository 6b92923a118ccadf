using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Protocols;

/// <summary>What a party does on its turn.</summary>
public enum ActionKind
{
    /// <summary>Propose an outcome (in alternating offers, this also rejects the offer on the table).</summary>
    Offer,

    /// <summary>Accept the offer on the table (or the mediator's text).</summary>
    Accept,

    /// <summary>Reject without a counter-offer.</summary>
    Reject,

    /// <summary>Walk away: the session ends with no deal.</summary>
    End,
}

/// <summary>A party's move.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Offer">The outcome proposed, for <see cref="ActionKind.Offer"/>.</param>
/// <param name="Message">A public message, seen by every party.</param>
public sealed record NegotiationAction(ActionKind Kind, Outcome? Offer = null, string? Message = null)
{
    /// <summary>Propose <paramref name="offer"/>.</summary>
    public static NegotiationAction Propose(Outcome offer, string? message = null) => new(ActionKind.Offer, offer, message);

    /// <summary>Accept the offer on the table.</summary>
    public static NegotiationAction AcceptOffer(string? message = null) => new(ActionKind.Accept, null, message);

    /// <summary>Reject without a counter-offer.</summary>
    public static NegotiationAction RejectOffer(string? message = null) => new(ActionKind.Reject, null, message);

    /// <summary>Walk away.</summary>
    public static NegotiationAction EndNegotiation(string? message = null) => new(ActionKind.End, null, message);
}

/// <summary>The protocols.</summary>
public enum ProtocolKind
{
    /// <summary>Stacked alternating offers: parties take turns in order; each accepts the offer on the table, counter-offers or ends.</summary>
    AlternatingOffers,

    /// <summary>Mediated single text: a mediator proposes one text a round; parties accept or reject it with feedback; the mediator revises.</summary>
    SingleText,
}

/// <summary>How a session runs.</summary>
public sealed record ProtocolOptions
{
    /// <summary>The protocol (a mediator among the agents selects <see cref="ProtocolKind.SingleText"/> regardless).</summary>
    public ProtocolKind Protocol { get; init; } = ProtocolKind.AlternatingOffers;

    /// <summary>The deadline in rounds (in alternating offers, a round is one turn of every party).</summary>
    public int MaxRounds { get; init; } = 100;

    /// <summary>An optional deadline in time, measured with <see cref="Time"/>.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The clock (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The seed every agent's randomness derives from.</summary>
    public int Seed { get; init; }

    /// <summary>The solution concept of a mediator created by name.</summary>
    public SolutionConcept MediatorConcept { get; init; } = SolutionConcept.Nash;

    /// <summary>Compute the outcome-space metrics (frontier distances); off for domains too large to analyse.</summary>
    public bool ComputeMetrics { get; init; } = true;
}

/// <summary>One move in a session's trace.</summary>
/// <param name="Round">The round (from 0).</param>
/// <param name="Step">The move's position in the session (from 0).</param>
/// <param name="Party">The party index; -1 for the mediator.</param>
/// <param name="Agent">The agent that moved (e.g. "llm (fallback: boulware)").</param>
/// <param name="Kind">What it did.</param>
/// <param name="Offer">The outcome proposed (or the text reviewed, for a party's answer to the mediator).</param>
/// <param name="Utilities">Every party's utility for <paramref name="Offer"/>.</param>
/// <param name="Time">The relative time [0, 1].</param>
/// <param name="Message">The public message, or the mediator's explanation.</param>
public sealed record TraceEntry(int Round, int Step, int Party, string Agent, ActionKind Kind, Outcome? Offer, IReadOnlyList<double>? Utilities, double Time, string? Message)
{
    /// <summary>The round as people count it, from 1 (as <see cref="NegotiationResult.Rounds"/> counts the rounds played).</summary>
    public int RoundNumber => Round + 1;
}

/// <summary>What a party sees when it moves.</summary>
public sealed class NegotiationState
{
    internal NegotiationState(NegotiationDomain domain, ProtocolKind protocol, int maxRounds, IReadOnlyList<TraceEntry> trace)
    {
        Domain = domain;
        Protocol = protocol;
        MaxRounds = maxRounds;
        Trace = trace;
    }

    /// <summary>The domain.</summary>
    public NegotiationDomain Domain { get; }

    /// <summary>The protocol.</summary>
    public ProtocolKind Protocol { get; }

    /// <summary>The deadline in rounds.</summary>
    public int MaxRounds { get; }

    /// <summary>The current round (from 0).</summary>
    public int Round { get; internal set; }

    /// <summary>The current step (from 0).</summary>
    public int Step { get; internal set; }

    /// <summary>The relative time [0, 1): the larger of the round fraction and the time-limit fraction.</summary>
    public double RelativeTime { get; internal set; }

    /// <summary>The offer this party is asked to answer (another party's), or null when it must propose.</summary>
    public Outcome? CurrentOffer { get; internal set; }

    /// <summary>Who proposed <see cref="CurrentOffer"/>; -1 when none.</summary>
    public int CurrentProposer { get; internal set; } = -1;

    /// <summary>Every move so far.</summary>
    public IReadOnlyList<TraceEntry> Trace { get; }

    /// <summary>The offers party <paramref name="party"/> made, oldest first.</summary>
    public IEnumerable<TraceEntry> OffersBy(int party) => Trace.Where(e => e.Party == party && e.Kind == ActionKind.Offer && e.Offer is not null);
}

/// <summary>Why a party answers the mediator's text as it does.</summary>
public enum FeedbackReason
{
    /// <summary>The party accepts.</summary>
    Accepted,

    /// <summary>The text is acceptable in principle, but the party holds out for more.</summary>
    WantsMore,

    /// <summary>The text is worth less to the party than no deal.</summary>
    BelowReservation,

    /// <summary>The text breaks one of the party's hard constraints.</summary>
    Infeasible,
}

/// <summary>A party's answer to the mediator's text.</summary>
/// <param name="Accept">Whether it accepts.</param>
/// <param name="Reason">Why.</param>
/// <param name="RequiredUtility">The utility it would accept now, when it says (a falling figure shows it is conceding).</param>
/// <param name="Message">A public message.</param>
public sealed record TextFeedback(bool Accept, FeedbackReason Reason, double? RequiredUtility = null, string? Message = null);
