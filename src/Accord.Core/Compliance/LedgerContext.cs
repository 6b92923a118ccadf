namespace Accord.Core.Compliance;

/// <summary>
/// What a commitment rule sees of its ledger: the durable state (options, declared devices, open runs,
/// notices) and the declared devices as a set. One per ledger, shared by its rules.
/// </summary>
internal sealed class LedgerContext(LedgerState state, DeclaredDevices declared)
{
    /// <summary>The ledger's durable state.</summary>
    public LedgerState State { get; } = state;

    /// <summary>The devices the party declared.</summary>
    public DeclaredDevices Declared { get; } = declared;
}
