using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Agents;

/// <summary>
/// MiCRO (de Jonge, IJCAI 2022): it walks down its outcomes sorted by its own utility (those worth at
/// least its reservation value), one new proposal at a time, and concedes only while the other parties
/// keep making new proposals: with m its unique proposals so far and n the fewest unique proposals
/// received from any other party, if n &gt;= m it proposes the next outcome in its list, otherwise it
/// repeats one of its earlier proposals (seeded random choice). It accepts an offer worth at least the
/// lowest outcome it is currently willing to propose.
/// </summary>
public sealed class MicroNegotiator : StrategyNegotiator
{
    private readonly HashSet<Outcome> _proposed = [];
    private readonly List<Outcome> _proposals = [];
    private int _rational;

    /// <inheritdoc />
    public override string Name => "micro";

    /// <inheritdoc />
    public override void Initialize(NegotiatorContext context)
    {
        base.Initialize(context);
        _proposed.Clear();
        _proposals.Clear();
        _rational = Index.Utilities.Count(u => u >= Floor);
    }

    /// <inheritdoc />
    protected override double Threshold(NegotiationState state)
    {
        var k = Concedes(state) ? _proposals.Count : _proposals.Count - 1;
        return Index.Utilities[Math.Clamp(k, 0, Math.Max(0, _rational - 1))];
    }

    /// <inheritdoc />
    protected override NegotiationAction Decide(NegotiationState state)
    {
        var threshold = Threshold(state);
        if (state.CurrentOffer is { } offer && Acceptable(offer) && Utility.Utility(offer) >= threshold)
        {
            return NegotiationAction.AcceptOffer();
        }

        Outcome next;
        if (_proposals.Count == 0 || (Concedes(state) && _proposals.Count < _rational))
        {
            next = Index.Outcomes[Math.Min(_proposals.Count, Math.Max(0, _rational - 1))];
        }
        else
        {
            next = _proposals[Random.Next(_proposals.Count)];
        }

        if (_proposed.Add(next))
        {
            _proposals.Add(next);
        }

        return NegotiationAction.Propose(next);
    }

    private bool Concedes(NegotiationState state)
    {
        var received = int.MaxValue;
        for (var p = 0; p < state.Domain.Parties.Count; p++)
        {
            if (p != Context.Party)
            {
                received = Math.Min(received, state.OffersBy(p).Select(e => e.Offer!).Distinct().Count());
            }
        }

        return received >= _proposals.Count;
    }
}
