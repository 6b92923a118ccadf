using System.Globalization;
using System.Text.RegularExpressions;

namespace Accord.Negotiation.Domains;

/// <summary>
/// Reads the number a value label stands for, in base units: "99%" is 0.99; "24 hours" is 24,
/// "7 days" 168, "2 weeks" 336, "6 months" 4380 (730 h a month), "1 year" 8760 (durations in hours);
/// "1e26", "3.5" and "-2" are themselves. A label with other words ("no cap") has no number.
/// </summary>
public static partial class NumericLabel
{
    /// <summary>Hours in a month, as durations are converted.</summary>
    public const double HoursPerMonth = 730;

    /// <summary>The label's number in base units, or null.</summary>
    public static double? Parse(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var m = Pattern().Match(label.Trim());
        if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            return null;
        }

        var unit = m.Groups["u"].Value.ToLowerInvariant();
        return unit switch
        {
            "" => x,
            "%" or "percent" => x / 100,
            "h" or "hr" or "hrs" or "hour" or "hours" => x,
            "d" or "day" or "days" => x * 24,
            "w" or "week" or "weeks" => x * 24 * 7,
            "month" or "months" => x * HoursPerMonth,
            "y" or "year" or "years" => x * 24 * 365,
            _ => null,
        };
    }

    [GeneratedRegex(@"^(?<n>[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*(?<u>%|[A-Za-z]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
