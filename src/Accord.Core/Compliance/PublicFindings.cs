// Privacy (docs/compliance.md, "Who sees what"): anyone may read whether a commitment holds and the figures that
// decide it; which runs and devices broke it, and the words that name them, are for the party and the inspectors
// (GetRunDetails, the violation feed). This is what the public reads say of a breach.
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance;

/// <summary>Findings as public reads give them: aggregates only, no run or device ids.</summary>
public static class PublicFindings
{
    /// <summary>
    /// A breach in public words: the measured value against the limit, and where the detail is; not the violation id,
    /// which names the run. For a commitment's <c>status_reason</c> and <c>GetStatus</c>.
    /// </summary>
    public static string Breach(double measured, double limit) =>
        $"breached: measured {F(measured)} against the limit of {F(limit)}; the runs and devices behind it are shown to the party and to inspectors";

    /// <summary>A commitment's standing in public words: a breach as <see cref="Breach"/>, any other reason as the ledger gives it (spans, totals and counts only).</summary>
    public static string Why(ComplianceState state, string why, double measured, double limit) =>
        state == ComplianceState.Breached ? Breach(measured, limit) : why;
}
