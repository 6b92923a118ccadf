using Accord.Core.Commitments;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="TrainingRunComputeCap"/>: the FLOP a run (joined across workload ids) counts inside the span, in
/// the commitment's precision, may not pass the cap; the report that takes it over is the breach.
/// </summary>
internal sealed class RunCapRule(TrainingRunComputeCap terms, CommitmentRecord record, LedgerContext ledger)
    : CommitmentRule<TrainingRunComputeCap>(terms, record, ledger)
{
    public static RuleKind Registration { get; } = RuleKind.Of<TrainingRunComputeCap>(
        CommitmentKind.TrainingRunCap,
        t => new() { Kind = t.Kind, Flop = t.MaxFlop, Basis = t.Measure.Basis, Precision = t.Measure.Precision },
        r => new TrainingRunComputeCap(r.Flop!.Value, new(r.Basis!.Value, r.Precision!.Value)),
        (t, r, l) => new RunCapRule(t, r, l));

    public override string Basis { get; } = MeasureBasis(terms.Measure);

    public override double? Limit => Terms.MaxFlop;

    public override bool NeedsComputeEvidence => true;

    public override bool TracksRuns => true;

    public override void OnRunReport(RunState run, RunCommitmentState rc, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        CountInSpan(rc, report, Terms.Measure.Precision);
        Record.MaxMeasured = Math.Max(Record.MaxMeasured ?? 0, rc.Flop);
        if (!rc.Raised && rc.Flop > Terms.MaxFlop)
        {
            rc.Raised = true;
            Violations.RaiseForRun(this, ComplianceRules.RunCap, run, rc.Flop, Terms.MaxFlop, "FLOP", [run.FirstEvidence, report.Evidence], now,
                $"run '{run.Id}' used {F(rc.Flop)} FLOP, above the per-run cap of {F(Terms.MaxFlop)} FLOP; "
                    + $"the report of device '{report.DeviceId}' ending {FormatTime(report.IntervalEnd)} took it over",
                raised);
        }
    }
}
