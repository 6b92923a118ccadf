namespace Accord.Negotiation.Enforcement;

/// <summary>Where a term of the inspection game comes from: an issue's number in the deal, or a constant.</summary>
/// <param name="Issue">The issue whose value (its number in base units) gives the term; null for a constant.</param>
/// <param name="Value">The constant, when <paramref name="Issue"/> is null.</param>
/// <param name="Scale">Multiplies the issue's number (e.g. to turn a sanction in $bn into utility); 1 by default.</param>
public sealed record TermSource(string? Issue = null, double? Value = null, double Scale = 1.0)
{
    /// <summary>A constant term.</summary>
    public static TermSource Constant(double value) => new(null, value);

    /// <summary>A term read from an issue's number.</summary>
    public static TermSource FromIssue(string issue, double scale = 1.0) => new(issue, null, scale);
}

/// <summary>
/// What a party gains by cheating on a deal, in its own utility units: a constant, or its gain from
/// privately moving the listed issues to its own best values (e.g. running above the compute cap),
/// u(deal with those issues at their best) - u(deal).
/// </summary>
/// <param name="DeviationIssues">The issues the party can secretly break; null for a constant gain.</param>
/// <param name="Value">The constant gain, when <paramref name="DeviationIssues"/> is null.</param>
public sealed record GainSource(IReadOnlyList<string>? DeviationIssues = null, double? Value = null)
{
    /// <summary>No gain from cheating: the deal binds the party without enforcement.</summary>
    public static GainSource None { get; } = new(null, 0.0);
}

/// <summary>
/// The inspection game a domain's deals are played under. Defaults (used for anything not given):
/// coverage 1 (every chip monitored), notice 0 hours, sanction 1 utility unit, a fleet of 100 chips
/// of which a cheater diverts 10, evidence half-life under notice 168 hours, and no gain from cheating
/// for any party (so every deal is self-enforcing until gains are configured).
/// </summary>
/// <param name="Coverage">The fraction of the fleet's chips sampled by inspectors, in [0, 1].</param>
/// <param name="Notice">Hours of notice before an inspection.</param>
/// <param name="Sanction">The sanction on a detected cheater, in utility units.</param>
/// <param name="FleetChips">N: chips in a party's fleet.</param>
/// <param name="CheatingChips">r: chips a cheater diverts.</param>
/// <param name="ConcealmentHalfLifeHours">h: evidence survives a notice of T hours with probability 2^(-T/h).</param>
/// <param name="Gains">Per party name, what cheating gains it.</param>
/// <param name="DefaultGain">The gain of a party not named in <paramref name="Gains"/>.</param>
public sealed record EnforcementModel(
    TermSource Coverage,
    TermSource Notice,
    TermSource Sanction,
    int FleetChips,
    int CheatingChips,
    double ConcealmentHalfLifeHours,
    IReadOnlyDictionary<string, GainSource> Gains,
    GainSource DefaultGain)
{
    /// <summary>The default N.</summary>
    public const int DefaultFleetChips = 100;

    /// <summary>The default r.</summary>
    public const int DefaultCheatingChips = 10;

    /// <summary>The default evidence half-life under notice, in hours.</summary>
    public const double DefaultHalfLifeHours = 168;

    /// <summary>Every default: full coverage, no notice, sanction 1, N = 100, r = 10, h = 168 h, no gains.</summary>
    public static EnforcementModel Default { get; } = new(
        TermSource.Constant(1.0),
        TermSource.Constant(0.0),
        TermSource.Constant(1.0),
        DefaultFleetChips,
        DefaultCheatingChips,
        DefaultHalfLifeHours,
        new Dictionary<string, GainSource>(StringComparer.Ordinal),
        GainSource.None);

    /// <summary>The gain source of party <paramref name="party"/>.</summary>
    public GainSource GainOf(string party) => Gains.TryGetValue(party, out var g) ? g : DefaultGain;
}
