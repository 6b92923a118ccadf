using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Enforcement;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation;

/// <summary>Everything a session produced.</summary>
/// <param name="Domain">The domain's name.</param>
/// <param name="Protocol">The protocol run.</param>
/// <param name="Parties">The parties' names, in order.</param>
/// <param name="Agents">The agent kind of each party, in order (the mediator, when there was one, is not a party).</param>
/// <param name="Mediator">The mediator's kind, or null.</param>
/// <param name="Agreement">Whether the parties agreed.</param>
/// <param name="Deal">The agreed outcome, or null.</param>
/// <param name="DealLabels">The agreed outcome's labels in issue order, or null.</param>
/// <param name="Rounds">Rounds played.</param>
/// <param name="Elapsed">Wall time on the session's clock.</param>
/// <param name="EndReason">"agreement", "deadline (rounds)", "deadline (time)", "ended by X" or "the mediator gave up".</param>
/// <param name="Trace">Every move.</param>
/// <param name="Metrics">The metrics.</param>
/// <param name="Enforcement">The deal under the inspection game, or null with no deal.</param>
/// <param name="Explanation">The mediator's explanation of its last text, or null.</param>
public sealed record NegotiationResult(
    string Domain,
    ProtocolKind Protocol,
    IReadOnlyList<string> Parties,
    IReadOnlyList<string> Agents,
    string? Mediator,
    bool Agreement,
    Outcome? Deal,
    IReadOnlyList<string>? DealLabels,
    int Rounds,
    TimeSpan Elapsed,
    string EndReason,
    IReadOnlyList<TraceEntry> Trace,
    SessionMetrics Metrics,
    DealAssessment? Enforcement,
    string? Explanation);
