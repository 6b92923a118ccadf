using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using CommitmentTerms = Accord.Core.Commitments.CommitmentTerms;
using ComplianceState = Accord.Core.Compliance.ComplianceState;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Bundles;

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
    /// The finding a verdict carries for one commitment: the live ledger's evaluation, when a replay of the same
    /// ledger over <paramref name="evidence"/> (<see cref="LedgerReplay"/>) reaches it, with the runs the replay
    /// joined and the evidence in log order; otherwise no finding and the differences, in words.
    /// </summary>
    public static (CommitmentFinding? Finding, IReadOnlyList<string> Differences) Prepare(CommitmentEvaluation live, LedgerEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(evidence);
        var replayed = LedgerReplay.Judge(evidence);
        var differences = FindingComparison.Differences(new LedgerFinding(live, null), replayed);
        return differences.Count > 0
            ? (null, differences)
            : (ToProto(new LedgerFinding(live, replayed.Runs), evidence.Commitment, evidence), []);
    }

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

    /// <summary>
    /// The offline check of one finding: the compliance ledger replayed over the reports and notices the finding
    /// lists (looked up by log index in <paramref name="reports"/> and <paramref name="notices"/>), judged at
    /// <paramref name="at"/>, compared with what the finding claims. Returns the differences in words (empty when
    /// the ledger reaches the finding); throws <see cref="FormatException"/> when the finding cannot be read
    /// (a span missing, an index not given, an index listed twice, evidence that cannot be replayed).
    /// </summary>
    public static IReadOnlyList<string> Recheck(
        CommitmentFinding finding,
        CommitmentTerms terms,
        string partyId,
        IReadOnlyDictionary<long, VerifiedReport> reports,
        IReadOnlyDictionary<long, TrainingNotice> notices,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(terms);
        if (ProtoTime.Read(finding.ActiveFrom) is not { } activeFrom || (finding.ActiveUntil is not null && ProtoTime.Read(finding.ActiveUntil) is null))
        {
            throw new FormatException("the span the finding used cannot be read");
        }

        var commitment = new ActiveCommitment(finding.CommitmentId, terms, activeFrom, ProtoTime.Read(finding.ActiveUntil));
        var evidence = new LedgerEvidence(partyId, commitment, [.. finding.DeclaredDeviceIds], Pick(finding.ReportLogIndexes, reports, "report"), Pick(finding.NoticeLogIndexes, notices, "notice"), at);
        LedgerFinding replayed;
        try
        {
            replayed = LedgerReplay.Judge(evidence);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"the evidence cannot be replayed: {e.Message}", e);
        }

        return FindingComparison.Differences(ToLedgerFinding(finding, terms), replayed);
    }

    private static List<T> Pick<T>(IEnumerable<long> indexes, IReadOnlyDictionary<long, T> given, string noun)
    {
        var picked = new List<T>();
        var seen = new HashSet<long>();
        foreach (var index in indexes)
        {
            if (!given.TryGetValue(index, out var item))
            {
                throw new FormatException($"{noun} at log index {index} is not in the bundle");
            }

            if (!seen.Add(index))
            {
                throw new FormatException($"{noun} at log index {index} is listed twice");
            }

            picked.Add(item);
        }

        return picked;
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
