using Accord.Core.Compliance.Rules;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance;

/// <summary>
/// No holds without evidence (docs/compliance.md, "No holds without evidence"): a compute commitment holds only
/// while verified reports from declared devices cover it. It is not verifiable, saying why, when the party
/// declared no devices, when no such report overlapping its span has been counted since it began binding, or
/// when the newest of them ended more than the silence allowance before now (before its end, for a commitment
/// that ended). What each commitment needs is counted per report in its record and persisted.
/// </summary>
internal static class ComputeEvidence
{
    /// <summary>Counts <paramref name="report"/> for <paramref name="c"/> when a declared device sent it and it overlaps the span.</summary>
    public static void Count(ICommitmentRule c, VerifiedReport report, bool fromDeclaredDevice)
    {
        if (!fromDeclaredDevice || report.IntervalEnd.UtcTicks <= c.From || report.IntervalStart.UtcTicks >= c.Until)
        {
            return;
        }

        c.Record.EvidenceReports = (c.Record.EvidenceReports ?? 0) + 1;
        if (c.Record.LastEvidenceEnd is not { } last || report.IntervalEnd > last)
        {
            c.Record.LastEvidenceEnd = report.IntervalEnd;
        }
    }

    /// <summary>
    /// Why the evidence cannot show that <paramref name="c"/>, binding at <paramref name="now"/> and not
    /// breached, holds; null when it can.
    /// </summary>
    public static string? Missing(ICommitmentRule c, DateTimeOffset now, int declaredDevices, TimeSpan silence)
    {
        if (declaredDevices == 0)
        {
            return "the party declared no devices, so no verified report can show that it holds";
        }

        if (c.Record.EvidenceReports is null)
        {
            return "no verified report from a declared device has been counted since the ledger was restored from a state "
                + "written before it counted them, so what it saw before is not known";
        }

        if (c.Record.LastEvidenceEnd is not { } last)
        {
            return $"no declared device has sent a verified report since it began binding at {FormatTime(c.Record.ActiveFrom)}";
        }

        var ended = c.Record.ActiveUntil is { } until && until < now;
        var reference = ended ? c.Record.ActiveUntil!.Value : now;
        if (reference - last <= silence)
        {
            return null;
        }

        return $"no verified report from any declared device for {FormatSpan(reference - last)} before "
            + (ended ? $"it ended at {FormatTime(reference)}" : "now")
            + $" (the last ended at {FormatTime(last)}; {FormatSpan(silence)} of silence is allowed), so the evidence stops there";
    }
}
