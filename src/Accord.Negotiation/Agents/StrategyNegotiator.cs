using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Agents;

/// <summary>
/// The base of the strategy agents. It enumerates its party's feasible outcomes once (sorted by
/// utility), and guards every move: it never accepts an offer, nor proposes an outcome, that breaks its
/// party's constraints or is worth less than its reservation value; such a move becomes an offer of its
/// best outcome. In single-text mediation it accepts a text worth at least its current
/// <see cref="Threshold"/> (and its reservation), and otherwise says how much it needs.
/// </summary>
public abstract class StrategyNegotiator : INegotiator
{
    private NegotiatorContext? _context;
    private OutcomeIndex? _index;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The context given at initialization.</summary>
    protected NegotiatorContext Context => _context ?? throw new InvalidOperationException($"{Name} was not initialized.");

    /// <summary>Its party's utility.</summary>
    protected UtilityFunction Utility => Context.Utility;

    /// <summary>Its seeded randomness.</summary>
    protected Random Random { get; private set; } = new(0);

    /// <summary>Its feasible outcomes, best first.</summary>
    internal OutcomeIndex Index => _index ?? throw new InvalidOperationException($"{Name} was not initialized.");

    /// <summary>The lowest utility it may ever accept: its reservation value.</summary>
    protected double Floor => Utility.Reservation;

    /// <inheritdoc />
    public virtual void Initialize(NegotiatorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _index = OutcomeIndex.For(context.Domain, context.Party);
        Random = new Random(context.Seed);
    }

    /// <inheritdoc />
    public ValueTask<NegotiationAction> ActAsync(NegotiationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ValueTask.FromResult(Guard(state, Decide(state)));
    }

    /// <inheritdoc />
    public ValueTask<TextFeedback> ReviewAsync(NegotiationState state, Outcome text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(text);
        if (!Utility.IsFeasible(text))
        {
            return ValueTask.FromResult(new TextFeedback(false, FeedbackReason.Infeasible));
        }

        var u = Utility.Utility(text);
        if (u < Floor)
        {
            return ValueTask.FromResult(new TextFeedback(false, FeedbackReason.BelowReservation, Math.Max(Floor, Threshold(state))));
        }

        var need = Math.Max(Floor, Threshold(state));
        return ValueTask.FromResult(u >= need ? new TextFeedback(true, FeedbackReason.Accepted) : new TextFeedback(false, FeedbackReason.WantsMore, need));
    }

    /// <summary>The move before the guard.</summary>
    protected abstract NegotiationAction Decide(NegotiationState state);

    /// <summary>The utility it accepts now.</summary>
    protected abstract double Threshold(NegotiationState state);

    /// <summary>Whether it may accept <paramref name="offer"/>: feasible for it and at least its reservation value.</summary>
    protected bool Acceptable(Outcome? offer) => offer is not null && Utility.IsAcceptable(offer);

    /// <summary>
    /// The outcome to propose for a target utility: among its outcomes worth between the target and the
    /// target + <paramref name="window"/> (at most 256, the cheapest first), the one that agrees with the
    /// other parties' latest offers on the most issues; ties broken by the seeded random choice. When no
    /// outcome reaches the target, its best one.
    /// </summary>
    protected Outcome Select(NegotiationState state, double target, double window = 0.02)
    {
        ArgumentNullException.ThrowIfNull(state);
        var idx = Index;
        if (idx.Outcomes.Length == 0)
        {
            throw new InvalidOperationException($"Party {Context.Party} has no feasible outcome.");
        }

        var last = idx.LastAtLeast(Math.Max(target, Floor));
        var latest = LatestOpponentOffers(state);
        var best = -1;
        var bestScore = -1;
        var ties = 0;
        for (var k = last; k >= 0 && last - k < 256; k--)
        {
            if (k != last && idx.Utilities[k] > idx.Utilities[last] + window)
            {
                break;
            }

            var score = 0;
            foreach (var o in latest)
            {
                for (var i = 0; i < o.Count; i++)
                {
                    score += o[i] == idx.Outcomes[k][i] ? 1 : 0;
                }
            }

            if (score > bestScore)
            {
                best = k;
                bestScore = score;
                ties = 1;
            }
            else if (score == bestScore && Random.Next(++ties) == 0)
            {
                best = k;
            }
        }

        return idx.Outcomes[best];
    }

    /// <summary>The latest offer of each other party, where it made one.</summary>
    protected List<Outcome> LatestOpponentOffers(NegotiationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var latest = new Outcome?[state.Domain.Parties.Count];
        foreach (var e in state.Trace)
        {
            if (e.Party >= 0 && e.Party != Context.Party && e.Kind == ActionKind.Offer && e.Offer is not null)
            {
                latest[e.Party] = e.Offer;
            }
        }

        return latest.Where(o => o is not null).Select(o => o!).ToList();
    }

    private NegotiationAction Guard(NegotiationState state, NegotiationAction action)
    {
        switch (action.Kind)
        {
            case ActionKind.Accept when !Acceptable(state.CurrentOffer):
                return NegotiationAction.Propose(Index.Outcomes[0], action.Message);
            case ActionKind.Offer when action.Offer is null || !state.Domain.IsValid(action.Offer) || !Acceptable(action.Offer):
                return NegotiationAction.Propose(Index.Outcomes[0], action.Message);
            default:
                return action;
        }
    }
}
