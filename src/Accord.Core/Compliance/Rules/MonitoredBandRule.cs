using Accord.Core.Commitments;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="MonitoredBand"/>: a run whose FLOP inside the span is in the band (min, max] may use only
/// declared devices; a peer its reports name that is not declared breaches it.
/// </summary>
internal sealed class MonitoredBandRule(MonitoredBand terms, CommitmentRecord record, LedgerContext ledger)
    : CommitmentRule<MonitoredBand>(terms, record, ledger)
{
    public static RuleKind Registration { get; } = RuleKind.Of<MonitoredBand>(
        CommitmentKind.MonitoredBand,
        t => new() { Kind = t.Kind, Flop = t.MinFlop, Flop2 = t.MaxFlop },
        r => new MonitoredBand(r.Flop!.Value, r.Flop2!.Value),
        (t, r, l) => new MonitoredBandRule(t, r, l));

    public override string Basis => ReportedBasis;

    public override double? Limit => Terms.MaxFlop;

    public override bool NeedsComputeEvidence => true;

    public override bool TracksRuns => true;

    public override void OnRunReport(RunState run, RunCommitmentState rc, VerifiedReport report, DateTimeOffset now, List<Violation> raised)
    {
        CountInSpan(rc, report, null);
        if (!rc.Raised && run.UndeclaredPeer is not null && rc.Flop > Terms.MinFlop && rc.Flop <= Terms.MaxFlop)
        {
            rc.Raised = true;
            Violations.RaiseForRun(this, ComplianceRules.MonitoredBand, run, rc.Flop, Terms.MinFlop, "FLOP", [run.FirstEvidence, run.UndeclaredEvidence, report.Evidence], now,
                $"run '{run.Id}' is in the monitored band ({F(Terms.MinFlop)}, {F(Terms.MaxFlop)}] FLOP at {F(rc.Flop)} FLOP and its reports name peer device "
                    + $"{run.UndeclaredPeer} (SHA-256 of its id), which is not among the party's declared devices",
                raised);
        }
    }

    public override CommitmentEvaluation Evaluate(DateTimeOffset now, string span) =>
        Holds($"{span}; no run in the band named a peer device that is not declared", null);
}
