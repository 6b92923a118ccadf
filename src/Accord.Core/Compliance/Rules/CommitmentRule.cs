using Accord.Core.Commitments;
using Accord.Core.Monitoring;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// What every kind's rule shares: the terms, record and span, hooks that do nothing until a kind overrides
/// them, FLOP counted inside the span in the commitment's precision, and evaluations and violations with the
/// commitment's id, kind, limit and basis.
/// </summary>
internal abstract class CommitmentRule<TTerms> : ICommitmentRule
    where TTerms : CommitmentTerms
{
    /// <summary>How a rule counts compute in time: the end of every basis text of a FLOP measure.</summary>
    protected const string InSpan = "counted only inside the commitment's active span";

    protected CommitmentRule(TTerms terms, CommitmentRecord record, LedgerContext ledger)
    {
        Terms = terms;
        Record = record;
        Ledger = ledger;
        From = record.ActiveFrom.UtcTicks;
        Until = record.ActiveUntil?.UtcTicks ?? DateTimeOffset.MaxValue.UtcTicks;
    }

    /// <summary>What the commitment promises.</summary>
    public TTerms Terms { get; }

    CommitmentTerms ICommitmentRule.Terms => Terms;

    public CommitmentRecord Record { get; }

    public string Id => Record.Id;

    public long From { get; }

    public long Until { get; }

    public abstract string Basis { get; }

    public virtual double? Limit => null;

    public virtual string? Undecidable => null;

    public virtual bool NeedsComputeEvidence => false;

    public virtual bool TracksRuns => false;

    public virtual bool CountsSlots => false;

    public virtual TimeSpan NoticeRetention => TimeSpan.Zero;

    /// <summary>The ledger the commitment belongs to.</summary>
    protected LedgerContext Ledger { get; }

    public virtual void OnReport(VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
    }

    public virtual void OnRunReport(RunState run, RunCommitmentState rc, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
    }

    public virtual void OnSlot(RunState run, SlotState slot, long slotStart, bool newDevice, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
    }

    public virtual void OnSlotMerged(SlotState slot)
    {
    }

    public virtual void OnTick(DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> lastReportEndByDevice, List<Violation> raised)
    {
    }

    public virtual void OnDeadlines(DateTimeOffset now, List<Violation> raised)
    {
    }

    /// <summary>Holds: no violation in the evidence, with the largest value measured.</summary>
    public virtual CommitmentEvaluation Evaluate(DateTimeOffset now, string span) =>
        Holds($"{span}; no violation in the evidence (largest measured: {F(Record.MaxMeasured ?? 0)})", Record.MaxMeasured);

    /// <summary>An evaluation that holds.</summary>
    protected CommitmentEvaluation Holds(string why, double? measured) =>
        new(Id, Terms.Kind, ComplianceState.Holds, why, measured, Limit, Basis);

    /// <summary>An evaluation that monitoring cannot decide.</summary>
    protected CommitmentEvaluation NotVerifiable(string why, double? measured) =>
        new(Id, Terms.Kind, ComplianceState.NotVerifiable, why, measured, Limit, Basis);

    /// <summary>Adds the report's FLOP inside the active span, restated in <paramref name="precision"/>, to the run.</summary>
    protected void CountInSpan(RunCommitmentState rc, VerifiedReport report, Precision? precision) =>
        rc.Flop += Intervals.Portion(Restate(report, precision), report.IntervalStart.UtcTicks, report.IntervalEnd.UtcTicks, From, Until);

    /// <summary>The report's FLOP restated in <paramref name="to"/> by the ratio of its model's peaks (as reported when null or equal).</summary>
    protected static double Restate(VerifiedReport report, Precision? to)
    {
        if (to is not { } p || p == report.Precision || !DeviceModels.Supports(report.Model, p) || !DeviceModels.Supports(report.Model, report.Precision))
        {
            return report.EstimatedFlop;
        }

        return report.EstimatedFlop * (DeviceModels.PeakDenseFlopPerSecond(report.Model, p) / DeviceModels.PeakDenseFlopPerSecond(report.Model, report.Precision));
    }

    /// <summary>The basis of a FLOP measure: estimated from utilisation at the measure's precision, and what the commitment counts.</summary>
    protected static string MeasureBasis(ComputeMeasure measure)
    {
        var text = $"FLOP estimated from active seconds x utilisation x peak dense {Name(measure.Precision)} FLOP/s of each device's model "
            + $"(reports in another precision restated by the ratio of the model's peaks), {InSpan}";
        return measure.Basis switch
        {
            CountingBasis.HardwareCounters => text + "; the commitment counts hardware counters, so this is the monitoring estimate of that figure",
            CountingBasis.Analytic => text + "; the commitment counts an analytic estimate, so this is the monitoring estimate of that figure",
            _ => text,
        };
    }

    /// <summary>The basis of FLOP counted as reported, whatever the precision.</summary>
    protected static string ReportedBasis =>
        $"FLOP as reported: active seconds x utilisation x peak dense FLOP/s at each report's precision, {InSpan}";
}
