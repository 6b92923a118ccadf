using static Accord.Simulation.Reporting.ReportNumbers;

namespace Accord.Simulation.Reporting;

/// <summary>
/// report.md's "Terms simulated": every agreement term the engine enforced (negotiated terms laid over the
/// scenario's), "none" for a term the agreement does not set, and what of them the feedback model saw.
/// </summary>
public static class TermsSimulated
{
    /// <summary>The Markdown table rows (term, value) for <paramref name="r"/>.</summary>
    public static IReadOnlyList<(string Term, string Value)> Rows(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var a = r.Agreement ?? new AgreementTerms();
        var rows = new List<(string, string)>
        {
            ("horizon", $"{Quantity(r.HorizonDays)} days"),
            ("run cap", a.RunCapFlop is { } run ? $"{Quantity(run)} FLOP per training run" : "none"),
            ("aggregate cap", a.AggregateCapFlop is { } cap ? $"{Quantity(cap)} FLOP per {Quantity(a.AggregatePeriodDays)} days per party" : "none"),
            ("pause", Pause(a)),
            ("monitoring coverage", a.Coverage is { } c ? $"{Share(c.MinShare)} of declared devices report in every {Quantity(c.WindowHours)}-hour window" : "none"),
            ("monitored band", a.Band is { } b ? $"runs of {Quantity(b.MinFlop)} to {Quantity(b.MaxFlop)} FLOP on declared devices only" : "none"),
            ("inspections", a.Inspections is { } i ? $"{Quantity(i.PerYear)} a year per party, {Count(i.ChipsSampled)} chips sampled, tolerance {Share(i.Tolerance)}" : "none"),
            ("sanctions (inspection game)", Sanctions(a.Sanctions)),
        };
        if (r.Feedback.Agreement is { } f)
        {
            rows.Add(("feedback model", $"{(f.Capped ? "caps bind compliant compute" : "no compute cap")}{(f.PauseToYear > f.PauseFromYear ? $"; pause from year {Quantity(f.PauseFromYear)} to {Quantity(f.PauseToYear)}" : string.Empty)}"));
        }

        return rows;
    }

    private static string Pause(AgreementTerms a)
    {
        if (a.Pause is not { } p || a.PauseDays() is not { } days)
        {
            return "none";
        }

        var scope = p.ScopeMinFlop > 0 ? $"runs above {Quantity(p.ScopeMinFlop)} FLOP" : "every run";
        return $"{Count(p.Months)} months from day {Quantity(days.FromDay)} (days {Quantity(days.FromDay)} to {Quantity(days.ToDay)}), {scope}";
    }

    private static string Sanctions(SanctionTerms? s)
    {
        var t = s ?? new SanctionTerms();
        return $"gain {Quantity(t.Gain)}, sanction {Quantity(t.Sanction)}, false-alarm loss {Quantity(t.FalseAlarmLoss)}{(s is null ? " (defaults)" : string.Empty)}";
    }
}
