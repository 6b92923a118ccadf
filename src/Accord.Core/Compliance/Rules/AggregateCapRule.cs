using Accord.Core.Commitments;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="AggregateComputeCap"/>: all the party's compute (runs and idle reports) in each period from the
/// span's start may not pass the cap; a report across periods pays each its share. A period closes
/// <see cref="LedgerState.Lateness"/> after it ends and is then forgotten.
/// </summary>
internal sealed class AggregateCapRule(AggregateComputeCap terms, CommitmentRecord record, LedgerContext ledger)
    : CommitmentRule<AggregateComputeCap>(terms, record, ledger)
{
    public static RuleKind Registration { get; } = RuleKind.Of<AggregateComputeCap>(
        CommitmentKind.AggregateCap,
        t => new() { Kind = t.Kind, Flop = t.MaxFlop, Duration = t.Period, Basis = t.Measure.Basis, Precision = t.Measure.Precision },
        r => new AggregateComputeCap(r.Flop!.Value, r.Duration!.Value, new(r.Basis!.Value, r.Precision!.Value)),
        (t, r, l) => new AggregateCapRule(t, r, l));

    public override string Basis { get; } = MeasureBasis(terms.Measure);

    public override double? Limit => Terms.MaxFlop;

    public override bool NeedsComputeEvidence => true;

    public override void OnReport(VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        var s = report.IntervalStart.UtcTicks;
        var e = report.IntervalEnd.UtcTicks;
        if (!Intervals.Clip(s, e, From, Until, out var lo, out var hi))
        {
            return;
        }

        var flop = Restate(report, Terms.Measure.Precision);
        var p = Terms.Period.Ticks;
        var (first, last) = Intervals.Touched(lo, hi, From, p, Record.PeriodsClosedBefore);
        for (var k = first; k <= last; k++)
        {
            var pStart = From + (k * p);
            var portion = Intervals.Portion(flop, s, e, Math.Max(pStart, lo), Math.Min(pStart + p, hi));
            if (!Record.Periods.TryGetValue(k, out var period))
            {
                period = new PeriodState { First = report.Evidence };
                Record.Periods[k] = period;
            }

            period.Flop += portion;
            Record.MaxMeasured = Math.Max(Record.MaxMeasured ?? 0, period.Flop);
            if (!period.Raised && period.Flop > Terms.MaxFlop)
            {
                period.Raised = true;
                var subject = $"period {FormatTime(pStart)}/{FormatTime(pStart + p)}";
                Violations.Raise(
                    this,
                    ComplianceRules.AggregateCap,
                    subject,
                    subject.Replace(' ', ':'),
                    period.Flop,
                    Terms.MaxFlop,
                    "FLOP",
                    [period.First, report.Evidence],
                    now,
                    $"the party's compute in {subject} reached {F(period.Flop)} FLOP, above the aggregate cap of {F(Terms.MaxFlop)} FLOP per {FormatSpan(Terms.Period)}; "
                        + $"the report of device '{report.DeviceId}' ending {FormatTime(report.IntervalEnd)} took it over",
                    raised);
            }
        }
    }

    public override void OnTick(DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> lastReportEndByDevice, List<Violation> raised)
    {
        var horizon = Intervals.Horizon(now, Ledger.State.Lateness);
        if (horizon <= From)
        {
            return;
        }

        var closedBefore = (horizon - From) / Terms.Period.Ticks;
        if (closedBefore <= Record.PeriodsClosedBefore)
        {
            return;
        }

        foreach (var k in Record.Periods.Keys.Where(k => k < closedBefore).ToList())
        {
            Record.Periods.Remove(k);
        }

        Record.PeriodsClosedBefore = closedBefore;
    }
}
