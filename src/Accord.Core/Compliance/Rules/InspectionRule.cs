using Accord.Core.Commitments;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// <see cref="InspectionAccess"/>: whether inspectors were admitted is not in monitoring reports, so the ledger
/// never decides it; an inspector's signed verdict does.
/// </summary>
internal sealed class InspectionRule(InspectionAccess terms, CommitmentRecord record, LedgerContext ledger)
    : CommitmentRule<InspectionAccess>(terms, record, ledger)
{
    public static RuleKind Registration { get; } = RuleKind.Of<InspectionAccess>(
        CommitmentKind.InspectionAccess,
        t => new() { Kind = t.Kind, Duration = t.NoticePeriod, Inspection = t.Type, Count = t.MaxPerYear },
        r => new InspectionAccess(r.Duration!.Value, r.Inspection!.Value, r.Count!.Value),
        (t, r, l) => new InspectionRule(t, r, l));

    public override string Basis => "none: monitoring reports carry compute, not inspector visits";

    public override string? Undecidable =>
        "monitoring reports show compute, not whether inspectors were admitted at the stated notice; an inspector's signed verdict decides it";
}
