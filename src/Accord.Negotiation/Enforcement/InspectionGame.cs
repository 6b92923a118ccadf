namespace Accord.Negotiation.Enforcement;

/// <summary>
/// The inspection game: a party cheats only when its gain exceeds P(detect) x sanction.
/// P(detect) for inspectors sampling n of a fleet's N chips, of which a cheater diverts r, is the
/// hypergeometric 1 - C(N - r, n) / C(N, n), computed as a product of at most min(n, r) ratios in
/// log space (no factorials): C(N - r, n) / C(N, n) = prod over k &lt; n of (N - r - k) / (N - k)
/// = prod over k &lt; r of (N - n - k) / (N - k).
/// </summary>
public static class InspectionGame
{
    /// <summary>P(at least one of r diverted chips is among n sampled of N), exactly 0 when n or r is 0 and 1 when n &gt; N - r.</summary>
    public static double SamplingDetection(int fleet, int diverted, int sampled)
    {
        if (fleet < 0 || diverted < 0 || sampled < 0 || diverted > fleet || sampled > fleet)
        {
            throw new ArgumentOutOfRangeException(nameof(fleet), $"Need 0 <= r, n <= N (got N={fleet}, r={diverted}, n={sampled}).");
        }

        if (diverted == 0 || sampled == 0)
        {
            return 0.0;
        }

        if (sampled > fleet - diverted)
        {
            return 1.0;
        }

        var terms = Math.Min(sampled, diverted);
        var other = terms == sampled ? diverted : sampled;
        var logMiss = 0.0;
        for (var k = 0; k < terms; k++)
        {
            logMiss += Math.Log((double)(fleet - other - k) / (fleet - k));
        }

        return -double.ExpM1(logMiss);
    }

    /// <summary>How many of N chips a coverage fraction samples: ceil(coverage x N - 1e-9), clamped to [0, N].</summary>
    public static int SampleSize(int fleet, double coverage) =>
        (int)Math.Clamp(Math.Ceiling((Math.Clamp(coverage, 0, 1) * fleet) - 1e-9), 0, fleet);

    /// <summary>The probability evidence survives T hours of notice: 2^(-T/h) (1 for T &lt;= 0).</summary>
    public static double NoticeSurvival(double noticeHours, double halfLifeHours) =>
        noticeHours <= 0 ? 1.0 : halfLifeHours <= 0 ? 0.0 : Math.Pow(2, -noticeHours / halfLifeHours);

    /// <summary>P(detect) = sampling detection x notice survival.</summary>
    public static double DetectionProbability(int fleet, int diverted, double coverage, double noticeHours, double halfLifeHours) =>
        SamplingDetection(fleet, diverted, SampleSize(fleet, coverage)) * NoticeSurvival(noticeHours, halfLifeHours);

    /// <summary>
    /// The detection probability above which cheating does not pay, when a cheater keeps its gain
    /// <paramref name="gain"/> (g) only if undetected, pays <paramref name="sanction"/> (b) if caught, and a
    /// compliant party loses <paramref name="falseAlarmLoss"/> (a) with false-alarm probability
    /// <paramref name="falseAlarmRate"/> (f): complying is worth -a f, cheating (1 - P) g - P b, so deterrence
    /// holds iff P &gt; (g + a f) / (g + b) (Avenhaus, von Stengel and Zamir, "Inspection games", Handbook of
    /// Game Theory vol. 3, 2002). g = 1, b = 4, a = f = 0 gives 0.2.
    /// </summary>
    public static double DeterrenceThreshold(double gain, double sanction, double falseAlarmLoss = 0, double falseAlarmRate = 0)
    {
        if (!(gain + sanction > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sanction), "Need g + b > 0.");
        }

        return (gain + (falseAlarmLoss * falseAlarmRate)) / (gain + sanction);
    }

    /// <summary>P(at least one of n draws with replacement finds a diverted chip) = 1 - (1 - r/N)^n: the large-fleet limit of <see cref="SamplingDetection"/>.</summary>
    public static double SamplingDetectionWithReplacement(double divertedShare, int sampled) =>
        -double.ExpM1(sampled * double.LogP1(-Math.Clamp(divertedShare, 0, 1)));

    /// <summary>The fewest samples n with 1 - (1 - share)^n &gt;= <paramref name="target"/> (the large-fleet limit).</summary>
    public static int SamplesNeeded(double divertedShare, double target)
    {
        if (divertedShare is <= 0 or > 1 || target is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(divertedShare), "Need 0 < share <= 1 and 0 <= target < 1.");
        }

        var n = 0;
        while (SamplingDetectionWithReplacement(divertedShare, n) < target - 1e-12)
        {
            n++;
        }

        return n;
    }

    /// <summary>Whether cheating does not pay: gain &lt;= P(detect) x sanction.</summary>
    public static bool IsSelfEnforcing(double gain, double detection, double sanction) => gain <= (detection * sanction) + 1e-12;
}
