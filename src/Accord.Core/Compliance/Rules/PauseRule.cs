using Accord.Core.Commitments;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="PauseWindow"/>: a run whose FLOP inside the span passes the pause scope may accrue no compute
/// inside the pause window (from its start, or the span's, to its fixed end, or the span's end when released
/// by attestation), whichever comes first.
/// </summary>
internal sealed class PauseRule : CommitmentRule<PauseWindow>
{
    public PauseRule(PauseWindow terms, CommitmentRecord record, LedgerContext ledger)
        : base(terms, record, ledger)
    {
        var start = (terms.StartsAt ?? record.ActiveFrom).UtcTicks;
        var end = CommitmentSchedule.EndsAt(terms, record.ActiveFrom)?.UtcTicks ?? Until;
        PauseStart = Math.Max(start, From);
        PauseEnd = Math.Min(end, Until);
    }

    public static RuleKind Registration { get; } = RuleKind.Of<PauseWindow>(
        CommitmentKind.PauseWindow,
        t => new()
        {
            Kind = t.Kind,
            Flop = t.ScopeMinFlop,
            StartsAt = t.StartsAt,
            Trigger = t.Trigger,
            EndKind = t.End switch
            {
                PauseEndsAt => "at",
                PauseForMonths => "months",
                PauseUntilAttested => "attested",
                _ => throw new ArgumentException("unknown pause end", "terms"),
            },
            EndsAt = (t.End as PauseEndsAt)?.EndsAt,
            Count = (t.End as PauseForMonths)?.Months,
            PartyId = (t.End as PauseUntilAttested)?.InspectorPartyId,
            Text = (t.End as PauseUntilAttested)?.Condition,
        },
        r => new PauseWindow(
            r.Flop!.Value,
            r.StartsAt,
            r.EndKind switch
            {
                "at" => new PauseEndsAt(r.EndsAt!.Value),
                "months" => new PauseForMonths(r.Count!.Value),
                _ => new PauseUntilAttested(r.PartyId!, r.Text!),
            },
            r.Trigger),
        (t, r, l) => new PauseRule(t, r, l));

    /// <summary>The pause window inside the span, in UTC ticks: [PauseStart, PauseEnd).</summary>
    public long PauseStart { get; }

    public long PauseEnd { get; }

    public override string Basis => ReportedBasis;

    public override double? Limit => Terms.ScopeMinFlop;

    public override bool NeedsComputeEvidence => true;

    public override bool TracksRuns => true;

    public override void OnRunReport(RunState run, RunCommitmentState rc, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        CountInSpan(rc, report, null);
        rc.InWindowFlop += Intervals.Portion(report.EstimatedFlop, report.IntervalStart.UtcTicks, report.IntervalEnd.UtcTicks, PauseStart, PauseEnd);
        Record.MaxMeasured = Math.Max(Record.MaxMeasured ?? 0, rc.Flop);
        if (!rc.Raised && rc.InWindowFlop > 0 && rc.Flop > Terms.ScopeMinFlop)
        {
            rc.Raised = true;
            Violations.RaiseForRun(this, ComplianceRules.Pause, run, rc.InWindowFlop, 0, "FLOP inside the pause window", [run.FirstEvidence, report.Evidence], now,
                $"run '{run.Id}' totals {F(rc.Flop)} FLOP, above the pause scope of {F(Terms.ScopeMinFlop)} FLOP, and accrued {F(rc.InWindowFlop)} FLOP "
                    + $"inside the pause window {WindowText()}",
                raised);
        }
    }

    private string WindowText() =>
        PauseEnd == DateTimeOffset.MaxValue.UtcTicks
            ? $"from {FormatTime(PauseStart)} (open until released)"
            : $"{FormatTime(PauseStart)} to {FormatTime(PauseEnd)}";
}
