using System.Globalization;
using Accord.Core.Compliance.Rules;

namespace Accord.Core.Compliance;

/// <summary>
/// Raises a <see cref="Violation"/> for a commitment: its deterministic id (commitment / rule / subject), the
/// evidence without repeats, the explanation as one sentence, and the commitment's record marked breached
/// (the first violation is kept for evaluations; breached is final).
/// </summary>
internal static class Violations
{
    /// <summary>A violation by a run: the subject is the run, and a run joined from several workload ids says why.</summary>
    public static void RaiseForRun(
        ICommitmentRule c, string rule, RunState run, double measured, double limit, string unit, EvidenceRef?[] evidence, DateTimeOffset now, string explanation, List<Violation> raised)
    {
        if (run.Members.Count > 1)
        {
            explanation += $". Run '{run.Id}' joins workload ids {string.Join(", ", run.Members.Select(m => $"'{m}'"))}: {string.Join("; ", run.MergeReasons)}";
        }

        var idSubject = $"{run.Id}@{run.Sequence.ToString(CultureInfo.InvariantCulture)}";
        Raise(c, rule, $"run {run.Id}", idSubject, measured, limit, unit, evidence, now, explanation, raised);
    }

    /// <summary>A violation of <paramref name="c"/> under <paramref name="rule"/> (<see cref="ComplianceRules"/>).</summary>
    public static void Raise(
        ICommitmentRule c, string rule, string subject, string idSubject, double measured, double limit, string unit, EvidenceRef?[] evidence, DateTimeOffset now, string explanation, List<Violation> raised)
    {
        var refs = new List<EvidenceRef>(evidence.Length);
        foreach (var e in evidence)
        {
            if (e is not null && !refs.Contains(e))
            {
                refs.Add(e);
            }
        }

        var v = new Violation($"{c.Id}/{rule}/{idSubject}", c.Id, c.Terms.Kind, rule, subject, measured, limit, unit, c.Basis, refs, now, explanation + ".");
        c.Record.FirstViolation ??= v;
        c.Record.ViolationCount++;
        raised.Add(v);
    }
}
