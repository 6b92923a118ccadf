using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Agents;

/// <summary>Anything that takes part in a session: a party's negotiator or a mediator.</summary>
public interface INegotiationAgent
{
    /// <summary>The agent's kind, e.g. "boulware".</summary>
    string Name { get; }
}

/// <summary>What a negotiator knows when a session starts.</summary>
/// <param name="Domain">The domain (its issues; the negotiator reads only its own party's preferences).</param>
/// <param name="Party">The party it negotiates for.</param>
/// <param name="Seed">Its seed.</param>
public sealed record NegotiatorContext(NegotiationDomain Domain, int Party, int Seed)
{
    /// <summary>Its party's utility function.</summary>
    public UtilityFunction Utility => Domain.UtilityOf(Party);

    /// <summary>Its party's preferences.</summary>
    public PartyPreferences Preferences => Domain.Parties[Party];
}

/// <summary>A party's negotiator, for both protocols.</summary>
public interface INegotiator : INegotiationAgent
{
    /// <summary>Called once before the session.</summary>
    void Initialize(NegotiatorContext context);

    /// <summary>Alternating offers: the move on this turn.</summary>
    ValueTask<NegotiationAction> ActAsync(NegotiationState state, CancellationToken cancellationToken = default);

    /// <summary>Single text: the answer to the mediator's <paramref name="text"/>.</summary>
    ValueTask<TextFeedback> ReviewAsync(NegotiationState state, Outcome text, CancellationToken cancellationToken = default);
}

/// <summary>A mediator's text for one round.</summary>
/// <param name="Text">The proposed deal.</param>
/// <param name="Explanation">Why, in words.</param>
public sealed record MediatorProposal(Outcome Text, string Explanation);

/// <summary>One round of single-text mediation.</summary>
/// <param name="Round">The round.</param>
/// <param name="Text">The text proposed.</param>
/// <param name="Feedback">Each party's answer, in party order.</param>
public sealed record MediationRound(int Round, Outcome Text, IReadOnlyList<TextFeedback> Feedback);

/// <summary>What the mediator sees.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Round">The current round.</param>
/// <param name="MaxRounds">The deadline in rounds.</param>
/// <param name="RelativeTime">The relative time.</param>
/// <param name="History">The rounds so far.</param>
public sealed record MediationState(NegotiationDomain Domain, int Round, int MaxRounds, double RelativeTime, IReadOnlyList<MediationRound> History);

/// <summary>A mediator for the single-text protocol.</summary>
public interface IMediator : INegotiationAgent
{
    /// <summary>Called once before the session.</summary>
    void Initialize(NegotiationDomain domain, int seed);

    /// <summary>The text for this round, or null to give up.</summary>
    ValueTask<MediatorProposal?> ProposeAsync(MediationState state, CancellationToken cancellationToken = default);
}
