using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Protos.V1;
using CommitmentTerms = Accord.Core.Commitments.CommitmentTerms;
using ComplianceState = Accord.Core.Compliance.ComplianceState;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Protos.Verdicts;

/// <summary>A commitment finding between the compliance ledger (Core) and the verdict (wire).</summary>
public static class VerdictFindings
{
    /// <summary>The wire state of a ledger state.</summary>
    public static FindingState ToProto(ComplianceState state) => state switch
    {
        ComplianceState.Holds => FindingState.Holds,
        ComplianceState.Breached => FindingState.Breached,
        _ => FindingState.NotVerifiable,
    };

    /// <summary>The ledger state of a wire state (unspecified reads as not verifiable; verification refuses it before).</summary>
    public static ComplianceState ToDomain(FindingState state) => state switch
    {
        FindingState.Holds => ComplianceState.Holds,
        FindingState.Breached => ComplianceState.Breached,
        _ => ComplianceState.NotVerifiable,
    };

    /// <summary>
    /// The finding on <paramref name="commitment"/>: the ledger's evaluation (state, why, figures, basis), the
    /// span it used, the runs as joined and the evidence it was judged from, in log order.
    /// </summary>
    public static CommitmentFinding ToProto(LedgerFinding finding, ActiveCommitment commitment, LedgerEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(evidence);
        var e = finding.Evaluation;
        var proto = new CommitmentFinding
        {
            CommitmentId = e.CommitmentId,
            State = ToProto(e.State),
            Why = e.Why,
            Measured = e.Measured ?? 0,
            Limit = e.Limit ?? 0,
            Unit = MeasureUnits.Of(commitment.Terms),
            Basis = e.Basis,
            ActiveFrom = Timestamp.FromDateTimeOffset(commitment.ActiveFrom),
            ActiveUntil = commitment.ActiveUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null,
        };
        proto.ReportLogIndexes.AddRange(evidence.Reports.Select(r => r.Evidence.LogIndex).Order());
        proto.NoticeLogIndexes.AddRange(evidence.Notices.Select(n => n.Evidence.LogIndex).Order());
        proto.DeclaredDeviceIds.AddRange(evidence.DeclaredDevices.Order(StringComparer.Ordinal));
        foreach (var run in finding.Runs ?? [])
        {
            var r = new RunFinding { RunId = run.RunId, Flop = run.CommitmentFlop ?? 0 };
            r.WorkloadIds.AddRange(run.Workloads);
            r.JoinReasons.AddRange(run.JoinReasons);
            proto.Runs.Add(r);
        }

        if (proto.Runs.Count == 1)
        {
            proto.WorkloadId = proto.Runs[0].RunId;
        }

        return proto;
    }

    /// <summary>What a wire finding claims, in the ledger's terms, for <see cref="FindingComparison.Differences"/>.</summary>
    public static LedgerFinding ToLedgerFinding(CommitmentFinding finding, CommitmentTerms terms)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(terms);
        var evaluation = new CommitmentEvaluation(finding.CommitmentId, terms.Kind, ToDomain(finding.State), finding.Why, finding.Measured, finding.Limit, finding.Basis);
        var runs = finding.Runs.Select(r => new RunSummary(r.RunId, [.. r.WorkloadIds], [.. r.JoinReasons], 0, r.Flop)).ToList();
        return new LedgerFinding(evaluation, runs);
    }
}
