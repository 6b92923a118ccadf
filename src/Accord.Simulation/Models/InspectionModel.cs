// The inspection game (Avenhaus, von Stengel and Zamir, "Inspection games", Handbook of Game Theory with
// Economic Applications vol. 3, ch. 51, 2002) with chip sampling as in the hypergeometric attribute-sampling
// model of IAEA safeguards (IAEA, "IAEA Safeguards Glossary", 2022 edition, section 10). The arithmetic lives in
// Accord.Negotiation.Enforcement.InspectionGame, which the negotiation engine also uses; this module only
// composes it for a party of a scenario.
using Accord.Negotiation.Enforcement;

namespace Accord.Simulation.Models;

/// <summary>A party's standing in the inspection game over a horizon.</summary>
/// <param name="PerInspection">P(detect) of one inspection sampling n of N chips, r diverted (hypergeometric).</param>
/// <param name="OverHorizon">P(at least one of k independent inspections detects): 1 - (1 - p)^k.</param>
/// <param name="Threshold">(g + a f) / (g + b): the detection probability above which cheating does not pay.</param>
/// <param name="SelfEnforcing">Whether <paramref name="OverHorizon"/> exceeds <paramref name="Threshold"/>.</param>
public sealed record Deterrence(double PerInspection, double OverHorizon, double Threshold, bool SelfEnforcing);

/// <summary>
/// The inspection game for one party: a cheater diverting r of its N chips gains g if undetected and pays
/// b if caught; a compliant party loses a when falsely accused, which happens with probability f. Deterrence
/// holds iff P(detect) &gt; (g + a f) / (g + b) (g = 1, b = 4, a = f = 0 -&gt; 0.2). Inspectors sample n chips
/// per inspection: P(detect) = 1 - C(N - r, n) / C(N, n); for a large fleet this tends to 1 - (1 - r/N)^n
/// (10% diverted, 3 sampled -&gt; 0.271; 22 samples for 90% at 10%).
/// </summary>
public static class InspectionModel
{
    /// <summary>The deterrence threshold (g + a f) / (g + b); see <see cref="InspectionGame.DeterrenceThreshold"/>.</summary>
    public static double Threshold(double gain, double sanction, double falseAlarmLoss = 0, double falseAlarmRate = 0) =>
        InspectionGame.DeterrenceThreshold(gain, sanction, falseAlarmLoss, falseAlarmRate);

    /// <summary>Exact hypergeometric P(detect) for n of N sampled with r diverted; see <see cref="InspectionGame.SamplingDetection"/>.</summary>
    public static double Sampling(int fleet, int diverted, int sampled) => InspectionGame.SamplingDetection(fleet, diverted, sampled);

    /// <summary>The large-fleet (with replacement) limit 1 - (1 - share)^n.</summary>
    public static double SamplingLargeFleet(double divertedShare, int sampled) =>
        InspectionGame.SamplingDetectionWithReplacement(divertedShare, sampled);

    /// <summary>The fewest samples reaching <paramref name="target"/> in the large-fleet limit.</summary>
    public static int SamplesNeeded(double divertedShare, double target) => InspectionGame.SamplesNeeded(divertedShare, target);

    /// <summary>
    /// Whether an agreement is self-enforcing for a party with <paramref name="fleet"/> chips of which a cheater
    /// would divert <paramref name="diverted"/>, under <paramref name="inspections"/> inspections of
    /// <paramref name="sampled"/> chips each.
    /// </summary>
    public static Deterrence Assess(
        int fleet, int diverted, int sampled, int inspections, double gain, double sanction, double falseAlarmLoss = 0, double falseAlarmRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inspections);
        var p = Sampling(fleet, diverted, Math.Min(sampled, fleet));
        var over = -double.ExpM1(inspections * double.LogP1(-Math.Min(p, 1 - 1e-300)));
        var threshold = Threshold(gain, sanction, falseAlarmLoss, falseAlarmRate);
        return new Deterrence(p, p >= 1 ? 1 : over, threshold, (p >= 1 ? 1 : over) > threshold);
    }
}
