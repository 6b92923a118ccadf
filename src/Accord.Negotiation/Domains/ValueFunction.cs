namespace Accord.Negotiation.Domains;

/// <summary>How a party values each value of one issue, on [0, 1] by convention (not enforced).</summary>
public abstract record ValueFunction
{
    /// <summary>The value of every grid point of <paramref name="issue"/>, in grid order.</summary>
    public abstract double[] Evaluate(Issue issue);
}

/// <summary>A value per label. Labels not listed are worth 0.</summary>
/// <param name="Values">Label to value.</param>
public sealed record TableValueFunction(IReadOnlyDictionary<string, double> Values) : ValueFunction
{
    /// <inheritdoc />
    public override double[] Evaluate(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        foreach (var label in Values.Keys)
        {
            if (issue.IndexOf(label) < 0)
            {
                throw new ArgumentException($"The value function of issue '{issue.Name}' names '{label}', which is not one of its values.");
            }
        }

        return issue.Labels.Select(l => Values.TryGetValue(l, out var v) ? v : 0.0).ToArray();
    }
}

/// <summary>
/// Linear in the issue's number (on its scale: log10 for a log-scale range) from 0 at the lower bound
/// to 1 at the upper bound, or the reverse when decreasing. Needs every value to have a number.
/// </summary>
/// <param name="Increasing">True when more is better.</param>
public sealed record LinearValueFunction(bool Increasing) : ValueFunction
{
    /// <inheritdoc />
    public override double[] Evaluate(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var x = ValueFunctionMath.Positions(issue);
        return x.Select(p => Increasing ? p : 1 - p).ToArray();
    }
}

/// <summary>
/// Triangular: 1 at <paramref name="At"/>, falling linearly (on the issue's scale) to 0 at the bound
/// furthest away on each side.
/// </summary>
/// <param name="At">The preferred number.</param>
public sealed record PeakValueFunction(double At) : ValueFunction
{
    /// <inheritdoc />
    public override double[] Evaluate(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var nums = ValueFunctionMath.Numbers(issue);
        var log = issue.Scale == IssueScale.Log;
        double T(double v) => log ? Math.Log10(v) : v;
        var lo = T(nums.Min());
        var hi = T(nums.Max());
        var peak = Math.Clamp(T(At), lo, hi);
        return nums.Select(v =>
        {
            var p = T(v);
            if (p <= peak)
            {
                return peak > lo ? (p - lo) / (peak - lo) : 1.0;
            }

            return hi > peak ? (hi - p) / (hi - peak) : 1.0;
        }).ToArray();
    }
}

internal static class ValueFunctionMath
{
    public static double[] Numbers(Issue issue)
    {
        var nums = new double[issue.Count];
        for (var i = 0; i < issue.Count; i++)
        {
            nums[i] = issue.Numbers[i] ?? throw new ArgumentException($"Issue '{issue.Name}' has the value '{issue.Labels[i]}' with no number, so it needs a table value function.");
        }

        return nums;
    }

    public static double[] Positions(Issue issue)
    {
        var nums = Numbers(issue);
        var log = issue.Scale == IssueScale.Log && nums.All(v => v > 0);
        var t = nums.Select(v => log ? Math.Log10(v) : v).ToArray();
        var lo = issue.Min is { } mn ? (log ? Math.Log10(mn) : mn) : t.Min();
        var hi = issue.Max is { } mx ? (log ? Math.Log10(mx) : mx) : t.Max();
        return t.Select(v => hi > lo ? (v - lo) / (hi - lo) : 1.0).ToArray();
    }
}
