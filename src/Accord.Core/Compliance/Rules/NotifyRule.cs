using Accord.Core.Commitments;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="NotifyTraining"/>: a run whose FLOP inside the span passes the threshold needs a notice of at least
/// that much compute for one of its workload ids, signed the notice period before the crossing (before
/// threshold) or by the notice period after it (after threshold; an anticipatory notice signed earlier counts).
/// The crossing is the end of the report that took the run over.
/// </summary>
internal sealed class NotifyRule(NotifyTraining terms, CommitmentRecord record, LedgerContext ledger)
    : CommitmentRule<NotifyTraining>(terms, record, ledger)
{
    public static RuleKind Registration { get; } = RuleKind.Of<NotifyTraining>(
        CommitmentKind.NotifyTraining,
        t => new()
        {
            Kind = t.Kind,
            Flop = t.ThresholdFlop,
            Duration = t.NoticePeriod,
            Timing = t.Timing,
            Flag = t.Anticipatory,
            PartyId = t.NotifyPartyId,
            Basis = t.Measure.Basis,
            Precision = t.Measure.Precision,
        },
        r => new NotifyTraining(r.Flop!.Value, r.Duration!.Value, r.Timing!.Value, r.Flag!.Value, r.PartyId, new(r.Basis!.Value, r.Precision!.Value)),
        (t, r, l) => new NotifyRule(t, r, l));

    public override string Basis { get; } = MeasureBasis(terms.Measure);

    public override double? Limit => Terms.ThresholdFlop;

    public override bool NeedsComputeEvidence => true;

    public override bool TracksRuns => true;

    public override TimeSpan NoticeRetention => Terms.NoticePeriod;

    public override void OnRunReport(RunState run, RunCommitmentState rc, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        CountInSpan(rc, report, Terms.Measure.Precision);
        Record.MaxMeasured = Math.Max(Record.MaxMeasured ?? 0, rc.Flop);
        if (rc.CrossedAt is null && rc.Flop > Terms.ThresholdFlop)
        {
            rc.CrossedAt = report.IntervalEnd;
            rc.CrossingEvidence = report.Evidence;
            Judge(run, rc, now, raised);
        }
    }

    public override void OnDeadlines(DateTimeOffset now, List<Violation> raised)
    {
        if (Terms.Timing != NoticeTiming.AfterThreshold)
        {
            return;
        }

        foreach (var run in Ledger.State.Runs.Values.OrderBy(r => r.Sequence))
        {
            if (run.ByCommitment.TryGetValue(Id, out var rc) && rc.NoticeDue is { } due && !rc.Raised)
            {
                if (FindNotice(run, due) is not null)
                {
                    rc.NoticeDue = null;
                    rc.NoticeMet = true;
                }
                else if (now > due)
                {
                    RaiseOverdue(run, rc, now, raised);
                }
            }
        }
    }

    public override CommitmentEvaluation Evaluate(DateTimeOffset now, string span)
    {
        var pending = Ledger.State.Runs.Values
            .Where(r => r.ByCommitment.TryGetValue(Id, out var rc) && rc.NoticeDue is not null)
            .Select(r => r.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        return Holds(
            pending.Count > 0
                ? $"{span}; run(s) {string.Join(", ", pending)} crossed {F(Terms.ThresholdFlop)} FLOP and their notice is due within {FormatSpan(Terms.NoticePeriod)} of crossing"
                : $"{span}; every run that crossed {F(Terms.ThresholdFlop)} FLOP was notified in time (largest run: {F(Record.MaxMeasured ?? 0)} FLOP)",
            Record.MaxMeasured);
    }

    /// <summary>The run just crossed: a notice in time meets it; otherwise before threshold breaches now, after threshold sets the deadline.</summary>
    private void Judge(RunState run, RunCommitmentState rc, DateTimeOffset now, List<Violation> raised)
    {
        var crossed = rc.CrossedAt!.Value;
        if (Terms.Timing == NoticeTiming.BeforeThreshold)
        {
            var latest = Intervals.SafeSubtract(crossed, Terms.NoticePeriod);
            if (FindNotice(run, latest) is not null)
            {
                rc.NoticeMet = true;
                return;
            }

            rc.Raised = true;
            Violations.RaiseForRun(this, ComplianceRules.NoticeBeforeThreshold, run, rc.Flop, Terms.ThresholdFlop, "FLOP", [run.FirstEvidence, rc.CrossingEvidence], now,
                $"run '{run.Id}' crossed {F(Terms.ThresholdFlop)} FLOP at {FormatTime(crossed)} (end of the report that took it over) with no notice "
                    + $"of at least that much compute signed by {FormatTime(latest)}, {FormatSpan(Terms.NoticePeriod)} before{Whom()}",
                raised);
            return;
        }

        var due = Intervals.SafeAdd(crossed, Terms.NoticePeriod);
        if (FindNotice(run, due) is not null)
        {
            rc.NoticeMet = true;
            return;
        }

        rc.NoticeDue = due;
        if (now > due)
        {
            RaiseOverdue(run, rc, now, raised);
        }
    }

    private void RaiseOverdue(RunState run, RunCommitmentState rc, DateTimeOffset now, List<Violation> raised)
    {
        rc.Raised = true;
        var due = rc.NoticeDue!.Value;
        rc.NoticeDue = null;
        Violations.RaiseForRun(this, ComplianceRules.NoticeAfterThreshold, run, rc.Flop, Terms.ThresholdFlop, "FLOP", [run.FirstEvidence, rc.CrossingEvidence], now,
            $"run '{run.Id}' crossed {F(Terms.ThresholdFlop)} FLOP at {FormatTime(rc.CrossedAt!.Value)} and no notice of at least that much compute "
                + $"was signed by {FormatTime(due)}, {FormatSpan(Terms.NoticePeriod)} after{Whom()}"
                + (Terms.Anticipatory ? "; the commitment is anticipatory, but when the lab first knew is not in the evidence, so the crossing sets the deadline" : string.Empty),
            raised);
    }

    private string Whom() => Terms.NotifyPartyId is { } p ? $" (to '{p}')" : string.Empty;

    /// <summary>A notice for one of the run's workload ids announcing at least the threshold, signed by <paramref name="signedBy"/>.</summary>
    private TrainingNotice? FindNotice(RunState run, DateTimeOffset signedBy)
    {
        foreach (var member in run.Members)
        {
            if (Ledger.State.Notices.TryGetValue(member, out var notices))
            {
                foreach (var n in notices)
                {
                    if (n.ExpectedFlop >= Terms.ThresholdFlop && n.SignedAt <= signedBy)
                    {
                        return n;
                    }
                }
            }
        }

        return null;
    }
}
