using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Agents;

/// <summary>
/// Naive tit-for-tat (as NegMAS's NaiveTitForTatNegotiator, without an opponent model): it starts at its
/// best utility and, each turn, concedes in its own utility as much as the other parties conceded to it
/// since their previous offers (the mean over parties of the change in its utility for their latest
/// offer), plus a kindness of 1% of (max - r) when they did not retreat; a retreat raises its target.
/// The target stays within [r, max]. It accepts an offer worth at least its target or its next offer.
/// </summary>
public sealed class TitForTatNegotiator : StrategyNegotiator
{
    private readonly Dictionary<int, (int Count, double Last, double Previous)> _seen = [];
    private double _target = double.NaN;
    private int _processed;

    /// <summary>A naive tit-for-tat agent with the given kindness (a fraction of max - r).</summary>
    public TitForTatNegotiator(double kindness = 0.01)
    {
        Kindness = kindness;
    }

    /// <inheritdoc />
    public override string Name => "tit-for-tat";

    /// <summary>The extra concession per turn, as a fraction of max - r.</summary>
    public double Kindness { get; }

    /// <inheritdoc />
    public override void Initialize(NegotiatorContext context)
    {
        base.Initialize(context);
        _seen.Clear();
        _target = Utility.Max;
        _processed = 0;
    }

    /// <inheritdoc />
    protected override double Threshold(NegotiationState state)
    {
        Update(state);
        return _target;
    }

    /// <inheritdoc />
    protected override NegotiationAction Decide(NegotiationState state)
    {
        var target = Threshold(state);
        var next = Select(state, target);
        if (state.CurrentOffer is { } offer && Acceptable(offer))
        {
            var u = Utility.Utility(offer);
            if (u >= target || u >= Utility.Utility(next))
            {
                return NegotiationAction.AcceptOffer();
            }
        }

        return NegotiationAction.Propose(next);
    }

    private void Update(NegotiationState state)
    {
        var fresh = false;
        for (; _processed < state.Trace.Count; _processed++)
        {
            var e = state.Trace[_processed];
            if (e.Party >= 0 && e.Party != Context.Party && e.Kind == ActionKind.Offer && e.Offer is not null)
            {
                var u = Utility.Utility(e.Offer);
                _seen[e.Party] = _seen.TryGetValue(e.Party, out var s) ? (s.Count + 1, u, s.Last) : (1, u, u);
                fresh = true;
            }
        }

        if (!fresh)
        {
            return;
        }

        var moves = _seen.Values.Where(s => s.Count >= 2).Select(s => s.Last - s.Previous).ToArray();
        var concession = moves.Length == 0 ? 0 : moves.Average();
        var range = Math.Max(0, Utility.Max - Floor);
        var step = concession + (concession >= 0 ? Kindness * range : 0);
        _target = Math.Clamp(_target - step, Math.Min(Floor, Utility.Max), Utility.Max);
    }
}
