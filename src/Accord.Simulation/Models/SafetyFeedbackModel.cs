// The two feedback loops of Carlsmith, J. (2025), "AI for AI safety" (joecarlsmith.com, 14 March 2025): an
// AI capabilities feedback loop (AI labour speeds up capability progress) and an AI safety feedback loop
// (trusted AI labour spent on safety widens the range of capability we can make safe), and the "sweet spot"
// in which AI is capable enough to help with safety while still inside the safety range. Default growth
// rates: frontier training compute 4-5x per year (Sevilla and Roldan, Epoch AI, "Training compute of frontier
// AI models grows by 4-5x per year", 2024; 4.5x used); algorithmic progress about 3x per year (Ho et al.,
// "Algorithmic progress in language models", 2024: compute needed halves about every 8 months, 2^(12/8) =
// 2.8x). The remaining coefficients (starting levels, the help threshold, labour coefficients) are
// illustrative assumptions, stated as such in docs/simulation.md, and all are overridable.
namespace Accord.Simulation.Models;

/// <summary>
/// Parameters of the feedback-loop model; capability C and safety range S are in log10 effective FLOP
/// (compute x algorithmic efficiency), time in years.
/// </summary>
/// <param name="C0">Frontier capability at t = 0 (default 26: about 1e26 effective FLOP).</param>
/// <param name="S0">Safety range at t = 0: the most capable system we can trust (default 27).</param>
/// <param name="HelpThreshold">C at which AI labour starts to help (default 26.5).</param>
/// <param name="HardwareGrowth">Compute growth per year (default 4.5x).</param>
/// <param name="AlgorithmGrowth">Algorithmic efficiency growth per year (default 3x).</param>
/// <param name="HumanSafetyOomPerYear">S's growth from human work alone, in OOM per year (default 0.3).</param>
/// <param name="CapabilityLabourGain">OOM per year of capability per OOM of AI labour above the threshold (default 0.3).</param>
/// <param name="SafetyLabourGain">OOM per year of safety range per OOM of trusted AI labour above the threshold (default 1.0).</param>
/// <param name="SafetyShare">Share of trusted AI labour spent on safety (default 0.3).</param>
/// <param name="CapGrowth">Compute growth per year allowed to compliant parties by verified caps (default 1x: a flat cap); applies only when the agreement has a run or aggregate cap.</param>
/// <param name="AgreementYears">How long the caps bind (default 3 years).</param>
/// <param name="OutsideGapOom">How far behind the frontier parties outside the agreement start, in OOM (default 1).</param>
/// <param name="Horizon">Years simulated (default 10).</param>
/// <param name="StepsPerYear">Euler steps per year (default 120).</param>
public sealed record SafetyFeedbackParameters(
    double C0 = 26,
    double S0 = 27,
    double HelpThreshold = 26.5,
    double HardwareGrowth = 4.5,
    double AlgorithmGrowth = 3.0,
    double HumanSafetyOomPerYear = 0.3,
    double CapabilityLabourGain = 0.3,
    double SafetyLabourGain = 1.0,
    double SafetyShare = 0.3,
    double CapGrowth = 1.0,
    double AgreementYears = 3,
    double OutsideGapOom = 1,
    double Horizon = 10,
    int StepsPerYear = 120);

/// <summary>One point of a trajectory.</summary>
/// <param name="Year">Time in years.</param>
/// <param name="C">Frontier capability, log10 effective FLOP.</param>
/// <param name="S">Safety range, log10 effective FLOP.</param>
/// <param name="InSweetSpot">HelpThreshold &lt;= C &lt;= S.</param>
public sealed record FeedbackPoint(double Year, double C, double S, bool InSweetSpot);

/// <summary>A trajectory and the time it spends in the sweet spot.</summary>
/// <param name="Points">One per step, from t = 0.</param>
/// <param name="SweetSpotYears">Years with HelpThreshold &lt;= C &lt;= S.</param>
public sealed record FeedbackTrajectory(IReadOnlyList<FeedbackPoint> Points, double SweetSpotYears);

/// <summary>Both trajectories.</summary>
/// <param name="Without">No agreement: every party grows compute freely.</param>
/// <param name="With">The agreement's terms (<see cref="FeedbackAgreement"/>) bound the compliant frontier.</param>
/// <param name="Agreement">What of the agreement the model used.</param>
public sealed record FeedbackComparison(FeedbackTrajectory Without, FeedbackTrajectory With, FeedbackAgreement? Agreement = null);

/// <summary>
/// dC/dt = log10(hardware) + log10(algorithms) + kc (1 - share) L; dS/dt = s_h + ks share L, where
/// L = max(0, C - HelpThreshold) is AI labour and counts for safety only while trusted (C &lt;= S). Under an
/// agreement with a cap the compliant frontier's hardware term is log10(CapGrowth) for AgreementYears; in the
/// agreement's pause window the compliant frontier does not grow at all (no training: no hardware, algorithmic or
/// labour term) while S keeps growing; C is the larger of the compliant frontier and the outside parties
/// (OutsideGapOom behind, growing freely, no AI labour boost from the trusted pool).
/// </summary>
public static class SafetyFeedbackModel
{
    /// <summary>Runs the model without and with <paramref name="agreement"/>.</summary>
    public static FeedbackComparison Compare(SafetyFeedbackParameters p, FeedbackAgreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return new(Run(p, null), Run(p, agreement), agreement);
    }

    /// <summary>One trajectory: without an agreement when <paramref name="agreement"/> is null.</summary>
    public static FeedbackTrajectory Run(SafetyFeedbackParameters p, FeedbackAgreement? agreement)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentOutOfRangeException.ThrowIfLessThan(p.StepsPerYear, 1);
        if (!(p.HardwareGrowth > 0) || !(p.AlgorithmGrowth > 0) || !(p.CapGrowth > 0) || !(p.Horizon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "Growth factors and the horizon must be positive.");
        }

        var dt = 1.0 / p.StepsPerYear;
        var steps = (int)Math.Round(p.Horizon * p.StepsPerYear);
        var hw = Math.Log10(p.HardwareGrowth);
        var alg = Math.Log10(p.AlgorithmGrowth);
        var capped = Math.Log10(p.CapGrowth);
        double inside = p.C0, outside = p.C0 - p.OutsideGapOom, s = p.S0, sweet = 0;
        var points = new List<FeedbackPoint>(steps + 1);
        for (var i = 0; ; i++)
        {
            var t = i * dt;
            var c = agreement is not null ? Math.Max(inside, outside) : inside;
            var inSweet = c >= p.HelpThreshold && c <= s;
            points.Add(new FeedbackPoint(t, c, s, inSweet));
            if (i == steps)
            {
                break;
            }

            if (inSweet)
            {
                sweet += dt;
            }

            var labour = Math.Max(0, inside - p.HelpThreshold);
            var trusted = inside <= s ? labour : 0;
            var binds = agreement is { Capped: true } && t < p.AgreementYears;
            var paused = agreement is not null && agreement.Pauses(t);
            inside += paused ? 0 : ((binds ? capped : hw) + alg + (p.CapabilityLabourGain * (1 - p.SafetyShare) * labour)) * dt;
            outside += (hw + alg) * dt;
            s += (p.HumanSafetyOomPerYear + (p.SafetyLabourGain * p.SafetyShare * trusted)) * dt;
        }

        return new FeedbackTrajectory(points, sweet);
    }
}
