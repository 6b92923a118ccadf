using Accord.Negotiation.Agents;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Protocols;

/// <summary>What a protocol run produced, before metrics.</summary>
internal sealed record SessionRecord(Outcome? Deal, int Rounds, double AgreementTime, TimeSpan Elapsed, string EndReason, IReadOnlyList<TraceEntry> Trace, string? Explanation);

/// <summary>The clock and deadline of one session.</summary>
internal sealed class SessionClock(ProtocolOptions options)
{
    private readonly long _start = options.Time.GetTimestamp();

    public TimeSpan Elapsed => options.Time.GetElapsedTime(_start);

    public bool TimeUp => options.TimeLimit is { } limit && Elapsed >= limit;

    public double Relative(double roundFraction)
    {
        var t = roundFraction;
        if (options.TimeLimit is { } limit && limit > TimeSpan.Zero)
        {
            t = Math.Max(t, Elapsed / limit);
        }

        return Math.Clamp(t, 0, 1);
    }
}

/// <summary>
/// Stacked alternating offers for 2 or more parties. Parties move in order 0, 1, ..., n-1, 0, ...; a round
/// is one turn of each. The first mover proposes. Each later mover sees the offer on the table and
/// accepts it, counter-offers (which rejects it and puts its own offer on the table), rejects without a
/// counter-offer (the offer stays, but its acceptances are cleared) or ends the session. The session
/// ends in agreement when the n - 1 parties after the proposer accept its offer in a row. A party whose
/// turn comes round to its own offer must propose again. Deadline: <see cref="ProtocolOptions.MaxRounds"/>
/// rounds, or <see cref="ProtocolOptions.TimeLimit"/> on <see cref="ProtocolOptions.Time"/>, whichever
/// comes first; relative time at step s is max(s / (rounds x n), elapsed / limit).
/// </summary>
internal static class AlternatingOffersProtocol
{
    public static async Task<SessionRecord> RunAsync(NegotiationDomain domain, IReadOnlyList<INegotiator> parties, ProtocolOptions options, CancellationToken cancellationToken)
    {
        var n = parties.Count;
        var trace = new List<TraceEntry>();
        var state = new NegotiationState(domain, ProtocolKind.AlternatingOffers, options.MaxRounds, trace);
        var clock = new SessionClock(options);
        Outcome? offer = null;
        var proposer = -1;
        var accepts = 0;
        var totalSteps = (long)options.MaxRounds * n;
        for (var step = 0; step < totalSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.TimeUp)
            {
                return new SessionRecord(null, step / n, 1, clock.Elapsed, "deadline (time)", trace, null);
            }

            var party = step % n;
            state.Step = step;
            state.Round = step / n;
            state.RelativeTime = clock.Relative((double)step / totalSteps);
            state.CurrentOffer = proposer == party ? null : offer;
            state.CurrentProposer = proposer == party ? -1 : proposer;
            var agent = parties[party];
            var action = await agent.ActAsync(state, cancellationToken).ConfigureAwait(false);
            var name = agent is ITraceName named ? named.CurrentName : agent.Name;
            switch (action.Kind)
            {
                case ActionKind.Accept when state.CurrentOffer is not null:
                    accepts++;
                    trace.Add(new TraceEntry(state.Round, step, party, name, ActionKind.Accept, offer, domain.Utilities(offer!), state.RelativeTime, action.Message));
                    if (accepts == n - 1)
                    {
                        return new SessionRecord(offer, state.Round + 1, state.RelativeTime, clock.Elapsed, "agreement", trace, null);
                    }

                    break;
                case ActionKind.Offer when action.Offer is not null && domain.IsValid(action.Offer):
                    offer = action.Offer;
                    proposer = party;
                    accepts = 0;
                    trace.Add(new TraceEntry(state.Round, step, party, name, ActionKind.Offer, offer, domain.Utilities(offer), state.RelativeTime, action.Message));
                    break;
                case ActionKind.End:
                    trace.Add(new TraceEntry(state.Round, step, party, name, ActionKind.End, null, null, state.RelativeTime, action.Message));
                    return new SessionRecord(null, state.Round + 1, 1, clock.Elapsed, $"ended by {domain.Parties[party].Name}", trace, null);
                default:
                    // A reject, an accept with nothing to accept, or an invalid offer: no acceptance.
                    accepts = 0;
                    trace.Add(new TraceEntry(state.Round, step, party, name, ActionKind.Reject, null, null, state.RelativeTime, action.Message));
                    break;
            }
        }

        return new SessionRecord(null, options.MaxRounds, 1, clock.Elapsed, "deadline (rounds)", trace, null);
    }
}

/// <summary>
/// Mediated single text: each round the mediator proposes one text; every party accepts it or rejects
/// it with feedback (a reason and the utility it needs now); the session ends in agreement on the first
/// text all parties accept, with no deal at the deadline (rounds or time) or when the mediator gives up.
/// The trace records the mediator's text (party -1, with its explanation) and each answer.
/// </summary>
internal static class SingleTextProtocol
{
    public static async Task<SessionRecord> RunAsync(NegotiationDomain domain, IMediator mediator, IReadOnlyList<INegotiator> parties, ProtocolOptions options, CancellationToken cancellationToken)
    {
        var trace = new List<TraceEntry>();
        var history = new List<MediationRound>();
        var state = new NegotiationState(domain, ProtocolKind.SingleText, options.MaxRounds, trace);
        var clock = new SessionClock(options);
        var step = 0;
        string? explanation = null;
        for (var round = 0; round < options.MaxRounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.TimeUp)
            {
                return new SessionRecord(null, round, 1, clock.Elapsed, "deadline (time)", trace, explanation);
            }

            var t = clock.Relative((double)round / options.MaxRounds);
            var proposal = await mediator.ProposeAsync(new MediationState(domain, round, options.MaxRounds, t, history), cancellationToken).ConfigureAwait(false);
            if (proposal is null || !domain.IsValid(proposal.Text))
            {
                return new SessionRecord(null, round, 1, clock.Elapsed, "the mediator gave up", trace, explanation);
            }

            explanation = proposal.Explanation;
            var text = proposal.Text;
            var utilities = domain.Utilities(text);
            trace.Add(new TraceEntry(round, step++, -1, mediator.Name, ActionKind.Offer, text, utilities, t, proposal.Explanation));
            var feedback = new List<TextFeedback>();
            for (var p = 0; p < parties.Count; p++)
            {
                state.Round = round;
                state.Step = step;
                state.RelativeTime = t;
                state.CurrentOffer = text;
                state.CurrentProposer = -1;
                var f = await parties[p].ReviewAsync(state, text, cancellationToken).ConfigureAwait(false);
                feedback.Add(f);
                var name = parties[p] is ITraceName named ? named.CurrentName : parties[p].Name;
                trace.Add(new TraceEntry(round, step++, p, name, f.Accept ? ActionKind.Accept : ActionKind.Reject, text, utilities, t, f.Message ?? f.Reason.ToString()));
            }

            history.Add(new MediationRound(round, text, feedback));
            if (feedback.All(f => f.Accept))
            {
                return new SessionRecord(text, round + 1, t, clock.Elapsed, "agreement", trace, explanation);
            }
        }

        return new SessionRecord(null, options.MaxRounds, 1, clock.Elapsed, "deadline (rounds)", trace, explanation);
    }
}

/// <summary>An agent whose name in the trace can change per move (e.g. the LLM negotiator's fallbacks).</summary>
internal interface ITraceName
{
    string CurrentName { get; }
}
