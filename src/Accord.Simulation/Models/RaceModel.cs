// Armstrong, S., Bostrom, N. and Shulman, C. (2016), "Racing to the precipice: a model of artificial
// intelligence development", AI & Society 31(2), 201-206. n teams each draw a capability c ~ U[0, mu] and
// choose a safety level s in [0, 1]; the team with the highest c - s wins, and its AI causes disaster with
// probability 1 - s of its winner. e is enmity: how much a team values another team winning relative to
// winning itself (e = 1: another team winning is as bad as disaster). With no information about anyone's
// capability the symmetric equilibrium gives P(disaster) = max(0, 1 - mu / (n e)).
namespace Accord.Simulation.Models;

/// <summary>How an agreement's verified caps enter the race model.</summary>
public enum CapEffect
{
    /// <summary>
    /// Parties whose compute is verifiably capped cannot out-race one another, so they act as one team:
    /// n_eff = n - k + 1 for k &gt;= 1 verified parties (k = 0 leaves n). The default.
    /// </summary>
    MergeVerifiedTeams,

    /// <summary>
    /// Caps bound how much capability compute can buy: the capability spread mu of the verified teams shrinks
    /// by the factor the cap leaves (mu_eff = mu x capShare). This raises P(disaster) in the model, since safety
    /// then decides the race: shown for contrast.
    /// </summary>
    ShrinkCapabilitySpread,
}

/// <summary>The race model's inputs.</summary>
/// <param name="Teams">n, at least 1.</param>
/// <param name="Mu">mu &gt; 0: how much capability matters relative to safety.</param>
/// <param name="Enmity">e &gt; 0.</param>
public sealed record RaceParameters(int Teams, double Mu, double Enmity = 1.0);

/// <summary>The race model after Armstrong, Bostrom and Shulman (2016), no-information equilibrium.</summary>
public static class RaceModel
{
    /// <summary>P(disaster) = max(0, 1 - mu / (n e)); n = 2, mu = 1, e = 1 gives 0.50; n = 5 gives 0.80.</summary>
    public static double DisasterProbability(RaceParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentOutOfRangeException.ThrowIfLessThan(p.Teams, 1);
        if (!(p.Mu > 0) || !(p.Enmity > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "Need mu > 0 and e > 0.");
        }

        return Math.Clamp(1 - (p.Mu / (p.Teams * p.Enmity)), 0, 1);
    }

    /// <summary>
    /// The race under an agreement whose caps are verified for <paramref name="verifiedTeams"/> of the teams.
    /// <paramref name="capShare"/> (in (0, 1]) is what the cap leaves of the compute a team would use
    /// without it; used only by <see cref="CapEffect.ShrinkCapabilitySpread"/>.
    /// </summary>
    public static RaceParameters UnderAgreement(RaceParameters p, int verifiedTeams, CapEffect effect, double capShare = 1.0)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentOutOfRangeException.ThrowIfNegative(verifiedTeams);
        var k = Math.Min(verifiedTeams, p.Teams);
        return effect switch
        {
            CapEffect.MergeVerifiedTeams => p with { Teams = k == 0 ? p.Teams : p.Teams - k + 1 },
            CapEffect.ShrinkCapabilitySpread => k == 0 ? p : p with { Mu = p.Mu * Math.Clamp(capShare, 1e-9, 1) },
            _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "Not a defined cap effect."),
        };
    }
}
