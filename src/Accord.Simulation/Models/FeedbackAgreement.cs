namespace Accord.Simulation.Models;

/// <summary>
/// What of an agreement the feedback-loop model sees (docs/simulation.md, "AI for AI safety"): whether it caps
/// compute (a run or an aggregate cap), and its pause window in years from the horizon's start.
/// </summary>
/// <param name="Capped">The agreement has a run cap or an aggregate cap.</param>
/// <param name="PauseFromYear">The pause's start, in years (365 days) from the horizon's start.</param>
/// <param name="PauseToYear">The pause's end; equal to <paramref name="PauseFromYear"/> without a pause.</param>
public sealed record FeedbackAgreement(bool Capped, double PauseFromYear = 0, double PauseToYear = 0)
{
    /// <summary>Days in a year of the model.</summary>
    public const double DaysPerYear = 365;

    /// <summary>A capped agreement without a pause.</summary>
    public static FeedbackAgreement CapsOnly { get; } = new(true);

    /// <summary>True when <paramref name="year"/> lies in the pause window [from, to).</summary>
    public bool Pauses(double year) => year >= PauseFromYear && year < PauseToYear;

    /// <summary>The agreement the simulation enforces, as the model sees it; its pause window is the engine's (<see cref="AgreementTerms.PauseDays"/>).</summary>
    public static FeedbackAgreement Of(AgreementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var capped = terms.RunCapFlop is not null || terms.AggregateCapFlop is not null;
        return terms.PauseDays() is { } pause
            ? new FeedbackAgreement(capped, pause.FromDay / DaysPerYear, pause.ToDay / DaysPerYear)
            : new FeedbackAgreement(capped);
    }
}
