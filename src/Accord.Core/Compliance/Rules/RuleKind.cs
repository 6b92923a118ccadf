using Accord.Core.Commitments;

namespace Accord.Core.Compliance.Rules;

/// <summary>
/// One kind of commitment as the ledger knows it: its terms type, how its terms are stored in a
/// <see cref="TermsRecord"/> and read back, and the rule that judges a commitment of it.
/// </summary>
internal sealed class RuleKind
{
    private readonly Func<CommitmentTerms, TermsRecord> store;
    private readonly Func<TermsRecord, CommitmentTerms> load;
    private readonly Func<CommitmentTerms, CommitmentRecord, LedgerContext, ICommitmentRule> create;

    private RuleKind(
        CommitmentKind kind,
        Type termsType,
        Func<CommitmentTerms, TermsRecord> store,
        Func<TermsRecord, CommitmentTerms> load,
        Func<CommitmentTerms, CommitmentRecord, LedgerContext, ICommitmentRule> create)
    {
        Kind = kind;
        TermsType = termsType;
        this.store = store;
        this.load = load;
        this.create = create;
    }

    /// <summary>The kind.</summary>
    public CommitmentKind Kind { get; }

    /// <summary>The terms record type of the kind.</summary>
    public Type TermsType { get; }

    /// <summary>A kind whose terms are <typeparamref name="TTerms"/>.</summary>
    public static RuleKind Of<TTerms>(
        CommitmentKind kind,
        Func<TTerms, TermsRecord> store,
        Func<TermsRecord, TTerms> load,
        Func<TTerms, CommitmentRecord, LedgerContext, ICommitmentRule> create)
        where TTerms : CommitmentTerms =>
        new(kind, typeof(TTerms), t => store((TTerms)t), r => load(r), (t, r, l) => create((TTerms)t, r, l));

    /// <summary>The terms flattened for storage.</summary>
    public TermsRecord Store(CommitmentTerms terms) => store(terms);

    /// <summary>The terms read back from storage.</summary>
    public CommitmentTerms Load(TermsRecord record) => load(record);

    /// <summary>The rule judging the commitment <paramref name="record"/> of <paramref name="ledger"/>.</summary>
    public ICommitmentRule Create(CommitmentTerms terms, CommitmentRecord record, LedgerContext ledger) => create(terms, record, ledger);
}
