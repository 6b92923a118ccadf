using Accord.Core.Commitments;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// Every commitment kind the ledger judges, one registration each: adding a kind is a rule file with its
/// <see cref="RuleKind"/> and a line here.
/// </summary>
internal static class CommitmentRuleKinds
{
    private static readonly RuleKind[] All =
    [
        RunCapRule.Registration,
        AggregateCapRule.Registration,
        ClusterCapRule.Registration,
        PauseRule.Registration,
        NotifyRule.Registration,
        CoverageRule.Registration,
        MonitoredBandRule.Registration,
        InspectionRule.Registration,
    ];

    private static readonly Dictionary<Type, RuleKind> ByType = All.ToDictionary(k => k.TermsType);

    private static readonly Dictionary<CommitmentKind, RuleKind> ByKind = All.ToDictionary(k => k.Kind);

    /// <summary><paramref name="terms"/> flattened for storage.</summary>
    /// <exception cref="ArgumentException">No rule judges terms of this type.</exception>
    public static TermsRecord Store(CommitmentTerms terms) =>
        ByType.TryGetValue(terms.GetType(), out var kind)
            ? kind.Store(terms)
            : throw new ArgumentException($"unknown commitment kind {terms.GetType().Name}", nameof(terms));

    /// <summary>The terms stored in <paramref name="record"/>.</summary>
    /// <exception cref="InvalidOperationException">No rule judges the stored kind.</exception>
    public static CommitmentTerms Load(TermsRecord record) =>
        ByKind.TryGetValue(record.Kind, out var kind)
            ? kind.Load(record)
            : throw new InvalidOperationException($"unknown commitment kind {record.Kind}");

    /// <summary>The rule judging the stored commitment <paramref name="record"/> of <paramref name="ledger"/>.</summary>
    public static ICommitmentRule Create(CommitmentRecord record, LedgerContext ledger)
    {
        var terms = Load(record.Terms);
        return ByKind[record.Terms.Kind].Create(terms, record, ledger);
    }
}
