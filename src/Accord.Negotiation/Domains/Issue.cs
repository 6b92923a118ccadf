using System.Globalization;

namespace Accord.Negotiation.Domains;

/// <summary>How an issue's values are given.</summary>
public enum IssueKind
{
    /// <summary>A list of named values.</summary>
    Discrete,

    /// <summary>A bounded integer range.</summary>
    Integer,

    /// <summary>A bounded real range, negotiated on a grid of points.</summary>
    Real,
}

/// <summary>How the grid points of a numeric range are spaced.</summary>
public enum IssueScale
{
    /// <summary>Evenly spaced points.</summary>
    Linear,

    /// <summary>Evenly spaced in log10 (both bounds must be positive), e.g. a compute cap in FLOP.</summary>
    Log,
}

/// <summary>
/// One negotiated term. Every issue is negotiated over a finite, ordered list of values (its grid):
/// a discrete issue's named values; every integer of an integer range (or <c>steps</c> evenly spaced
/// integers when given); <c>steps</c> points of a real range (11 by default), evenly spaced on the
/// issue's scale. An outcome picks one value index per issue.
/// </summary>
public sealed class Issue
{
    /// <summary>The most grid points an issue may have.</summary>
    public const int MaxValues = 100_000;

    /// <summary>The grid of a real range when no <c>steps</c> is given.</summary>
    public const int DefaultRealSteps = 11;

    private readonly Dictionary<string, int> _byLabel;

    private Issue(string name, IssueKind kind, IReadOnlyList<string> labels, IReadOnlyList<double?> numbers, double? min, double? max, int? steps, IssueScale scale)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An issue needs a name.", nameof(name));
        }

        if (labels.Count == 0 || labels.Count > MaxValues)
        {
            throw new ArgumentException($"Issue '{name}' must have 1 to {MaxValues} values (got {labels.Count}).", nameof(labels));
        }

        Name = name;
        Kind = kind;
        Labels = labels;
        Numbers = numbers;
        Min = min;
        Max = max;
        Steps = steps;
        Scale = scale;
        _byLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (!_byLabel.TryAdd(labels[i], i))
            {
                throw new ArgumentException($"Issue '{name}' lists the value '{labels[i]}' twice.", nameof(labels));
            }
        }
    }

    /// <summary>The issue's name, unique in its domain.</summary>
    public string Name { get; }

    /// <summary>How the values were given.</summary>
    public IssueKind Kind { get; }

    /// <summary>The grid's values as text, in order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// The numeric value of each grid point, in base units (a percentage as a fraction; a duration
    /// in hours), or null where a value has none (e.g. "no cap").
    /// </summary>
    public IReadOnlyList<double?> Numbers { get; }

    /// <summary>The lower bound of a numeric range; null for a discrete issue.</summary>
    public double? Min { get; }

    /// <summary>The upper bound of a numeric range; null for a discrete issue.</summary>
    public double? Max { get; }

    /// <summary>The grid size asked for in the domain, when one was.</summary>
    public int? Steps { get; }

    /// <summary>The spacing of a numeric range's grid.</summary>
    public IssueScale Scale { get; }

    /// <summary>How many values the grid has.</summary>
    public int Count => Labels.Count;

    /// <summary>A discrete issue. <paramref name="numbers"/>, when given, names each value's number; otherwise it is read from the label (see <see cref="NumericLabel"/>).</summary>
    public static Issue Discrete(string name, IEnumerable<string> values, IEnumerable<double?>? numbers = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var labels = values.ToArray();
        var nums = numbers?.ToArray() ?? labels.Select(NumericLabel.Parse).ToArray();
        if (nums.Length != labels.Length)
        {
            throw new ArgumentException($"Issue '{name}' gives {nums.Length} numbers for {labels.Length} values.", nameof(numbers));
        }

        return new Issue(name, IssueKind.Discrete, labels, nums, null, null, null, IssueScale.Linear);
    }

    /// <summary>An integer range: every integer from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="steps"/> evenly spaced (rounded, distinct) integers.</summary>
    public static Issue Integer(string name, long min, long max, int? steps = null)
    {
        if (max < min)
        {
            throw new ArgumentException($"Issue '{name}' has max {max} below min {min}.", nameof(max));
        }

        var span = max - min;
        List<long> grid = [];
        if (steps is null)
        {
            if (span >= MaxValues)
            {
                throw new ArgumentException($"Issue '{name}' spans {span + 1} integers; give steps (at most {MaxValues}).", nameof(steps));
            }

            for (var v = min; v <= max; v++)
            {
                grid.Add(v);
            }
        }
        else
        {
            CheckSteps(name, steps.Value);
            for (var i = 0; i < steps.Value; i++)
            {
                var v = steps.Value == 1 ? min : min + (long)Math.Round((double)span * i / (steps.Value - 1), MidpointRounding.AwayFromZero);
                if (grid.Count == 0 || grid[^1] != v)
                {
                    grid.Add(v);
                }
            }
        }

        return new Issue(
            name,
            IssueKind.Integer,
            grid.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            grid.Select(v => (double?)v).ToArray(),
            min,
            max,
            steps,
            IssueScale.Linear);
    }

    /// <summary>A real range negotiated on <paramref name="steps"/> points, evenly spaced on <paramref name="scale"/>.</summary>
    public static Issue Real(string name, double min, double max, int? steps = null, IssueScale scale = IssueScale.Linear)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min)
        {
            throw new ArgumentException($"Issue '{name}' needs finite bounds with min <= max.", nameof(max));
        }

        if (scale == IssueScale.Log && min <= 0)
        {
            throw new ArgumentException($"Issue '{name}' is on a log scale, so its bounds must be positive.", nameof(min));
        }

        var n = steps ?? DefaultRealSteps;
        CheckSteps(name, n);
        var points = new double[n];
        for (var i = 0; i < n; i++)
        {
            var f = n == 1 ? 0.0 : (double)i / (n - 1);
            points[i] = scale == IssueScale.Log
                ? Math.Pow(10, Math.Log10(min) + (f * (Math.Log10(max) - Math.Log10(min))))
                : min + (f * (max - min));
        }

        points[^1] = n == 1 ? min : max;
        var labels = points.Select(p => FormatNumber(p, "G6")).ToArray();
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
        {
            labels = points.Select(p => FormatNumber(p, "R")).ToArray();
        }

        return new Issue(name, IssueKind.Real, labels, points.Select(p => (double?)p).ToArray(), min, max, steps, scale);
    }

    /// <summary>A grid point's label: .NET's <paramref name="format"/> with the exponent as "e24" (no '+', no leading zeros).</summary>
    public static string FormatNumber(double value, string format = "G6")
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{text[..e]}e{exponent}");
    }

    /// <summary>The index of the value whose label is exactly <paramref name="label"/>, or -1.</summary>
    public int IndexOf(string label) => _byLabel.TryGetValue(label, out var i) ? i : -1;

    /// <summary>
    /// The value index that <paramref name="text"/> names: an exact label, or for a numeric range a
    /// number within [min, max] (snapped to the nearest grid point), or for a discrete issue a number
    /// equal (within 1e-9 relative) to a value's number. -1 when it names none.
    /// </summary>
    public int Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var exact = IndexOf(text.Trim());
        if (exact >= 0)
        {
            return exact;
        }

        var number = NumericLabel.Parse(text);
        if (number is not { } x)
        {
            return -1;
        }

        if (Kind != IssueKind.Discrete)
        {
            if (x < Min!.Value - (1e-9 * Math.Max(1, Math.Abs(Min.Value))) || x > Max!.Value + (1e-9 * Math.Max(1, Math.Abs(Max.Value))))
            {
                return -1;
            }

            var best = 0;
            for (var i = 1; i < Count; i++)
            {
                if (Distance(Numbers[i]!.Value, x) < Distance(Numbers[best]!.Value, x))
                {
                    best = i;
                }
            }

            return best;
        }

        for (var i = 0; i < Count; i++)
        {
            if (Numbers[i] is { } v && Math.Abs(v - x) <= 1e-9 * Math.Max(1, Math.Abs(v)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private double Distance(double a, double b) =>
        Scale == IssueScale.Log && a > 0 && b > 0 ? Math.Abs(Math.Log10(a) - Math.Log10(b)) : Math.Abs(a - b);

    private static void CheckSteps(string name, int steps)
    {
        if (steps < 1 || steps > MaxValues)
        {
            throw new ArgumentException($"Issue '{name}' asks for {steps} steps; 1 to {MaxValues} allowed.", nameof(steps));
        }
    }
}
