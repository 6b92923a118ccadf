namespace Accord.Negotiation.Domains;

/// <summary>
/// A party's preferences compiled against its domain: per issue, an array of weight x value for each
/// value (so an outcome's utility is a sum of table look-ups, added in issue order from 0), and per
/// issue the values its constraints allow.
/// </summary>
public sealed class UtilityFunction
{
    private readonly double[][] _table;
    private readonly bool[][] _allowed;

    internal UtilityFunction(NegotiationDomain domain, int party)
    {
        var prefs = domain.Parties[party];
        Party = party;
        Name = prefs.Name;
        Reservation = prefs.Reservation;
        Discount = prefs.Discount;
        var issues = domain.Issues;
        _table = new double[issues.Count][];
        _allowed = new bool[issues.Count][];
        for (var i = 0; i < issues.Count; i++)
        {
            var values = prefs.ValueFunctions[i].Evaluate(issues[i]);
            var w = prefs.Weights[i];
            _table[i] = values.Select(v => w * v).ToArray();
            _allowed[i] = Enumerable.Repeat(true, issues[i].Count).ToArray();
        }

        foreach (var c in prefs.Constraints)
        {
            var i = domain.IssueIndex(c.Issue);
            var ok = c.AllowedValues(issues[i]);
            for (var v = 0; v < ok.Length; v++)
            {
                _allowed[i][v] &= ok[v];
            }
        }

        HasConstraints = _allowed.Any(a => a.Contains(false));
        Max = 0;
        Min = 0;
        for (var i = 0; i < issues.Count; i++)
        {
            var allowed = Enumerable.Range(0, issues[i].Count).Where(v => _allowed[i][v]).Select(v => _table[i][v]).ToArray();
            Max += allowed.Length == 0 ? 0 : allowed.Max();
            Min += allowed.Length == 0 ? 0 : allowed.Min();
        }
    }

    /// <summary>The party's index in its domain.</summary>
    public int Party { get; }

    /// <summary>The party's name.</summary>
    public string Name { get; }

    /// <summary>The utility of no deal.</summary>
    public double Reservation { get; }

    /// <summary>The time discount factor (1 = none).</summary>
    public double Discount { get; }

    /// <summary>The best utility of an outcome the party's constraints allow.</summary>
    public double Max { get; }

    /// <summary>The worst utility of an outcome the party's constraints allow.</summary>
    public double Min { get; }

    /// <summary>Whether the party has any hard constraint that excludes a value.</summary>
    public bool HasConstraints { get; }

    /// <summary>The utility of <paramref name="outcome"/> (ignoring constraints).</summary>
    public double Utility(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var u = 0.0;
        for (var i = 0; i < _table.Length; i++)
        {
            u += _table[i][outcome[i]];
        }

        return u;
    }

    /// <summary>The utility of <paramref name="outcome"/> agreed at relative time <paramref name="t"/>: u x d^t.</summary>
    public double DiscountedUtility(Outcome outcome, double t) => Utility(outcome) * DiscountAt(t);

    /// <summary>The reservation value at relative time <paramref name="t"/>: r x d^t.</summary>
    public double DiscountedReservation(double t) => Reservation * DiscountAt(t);

    /// <summary>Whether the party's hard constraints allow <paramref name="outcome"/>.</summary>
    public bool IsFeasible(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        for (var i = 0; i < _allowed.Length; i++)
        {
            if (!_allowed[i][outcome[i]])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the party may accept <paramref name="outcome"/>: its constraints allow it and its utility is at least the reservation value.</summary>
    public bool IsAcceptable(Outcome outcome) => IsFeasible(outcome) && Utility(outcome) >= Reservation;

    /// <summary>The weight x value of value <paramref name="value"/> of issue <paramref name="issue"/>.</summary>
    public double Term(int issue, int value) => _table[issue][value];

    /// <summary>Whether the constraints allow value <paramref name="value"/> of issue <paramref name="issue"/>.</summary>
    public bool Allows(int issue, int value) => _allowed[issue][value];

    /// <summary>The best allowed value of issue <paramref name="issue"/> for this party (the first on ties).</summary>
    public int BestValue(int issue)
    {
        var best = -1;
        for (var v = 0; v < _table[issue].Length; v++)
        {
            if (_allowed[issue][v] && (best < 0 || _table[issue][v] > _table[issue][best]))
            {
                best = v;
            }
        }

        return best < 0 ? 0 : best;
    }

    internal double[][] Table => _table;

    internal bool[][] AllowedTable => _allowed;

    private double DiscountAt(double t) => Discount >= 1 ? 1 : Math.Pow(Discount, Math.Clamp(t, 0, 1));
}
