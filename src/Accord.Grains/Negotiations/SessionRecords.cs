using Accord.Grains.Abstractions.Negotiations;
using Accord.Negotiation;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Grains.Negotiations;

/// <summary>Maps the engine's results to the grain's serializable records.</summary>
internal static class SessionRecords
{
    public static NegotiationTraceRecord ToRecord(NegotiationDomain domain, TraceEntry e) => new()
    {
        Round = e.Round,
        Step = e.Step,
        Party = e.Party,
        Agent = e.Agent,
        Action = ToRecord(e.Kind),
        Offer = e.Offer is null ? null : [.. domain.Labels(e.Offer)],
        Utilities = e.Utilities is null ? null : [.. e.Utilities],
        Time = e.Time,
        Message = e.Message,
    };

    public static NegotiationResultRecord ToRecord(NegotiationResult r) => new()
    {
        Agreement = r.Agreement,
        Deal = r.DealLabels is null ? null : [.. r.DealLabels],
        EndReason = r.EndReason,
        Rounds = r.Rounds,
        Metrics = new NegotiationMetricsRecord
        {
            Rounds = r.Metrics.Rounds,
            ElapsedSeconds = r.Metrics.ElapsedSeconds,
            AgreementTime = r.Metrics.AgreementTime,
            Utilities = [.. r.Metrics.Utilities],
            DiscountedUtilities = [.. r.Metrics.DiscountedUtilities],
            Advantages = [.. r.Metrics.Advantages],
            Welfare = r.Metrics.Welfare,
            NashProduct = r.Metrics.NashProduct,
            ParetoDistance = r.Metrics.ParetoDistance,
            NashDistance = r.Metrics.NashDistance,
            KalaiDistance = r.Metrics.KalaiDistance,
        },
        SelfEnforcing = r.Enforcement?.SelfEnforcing ?? false,
        Explanation = r.Explanation,
    };

    public static NegotiationMoveKind ToRecord(ActionKind kind) => kind switch
    {
        ActionKind.Offer => NegotiationMoveKind.Offer,
        ActionKind.Accept => NegotiationMoveKind.Accept,
        ActionKind.Reject => NegotiationMoveKind.Reject,
        _ => NegotiationMoveKind.End,
    };

    /// <summary>The protocol in words, as agreement texts state it.</summary>
    public static string Describe(NegotiationProtocolKind protocol) =>
        protocol == NegotiationProtocolKind.Mediated ? "mediated single text" : "stacked alternating offers";
}
