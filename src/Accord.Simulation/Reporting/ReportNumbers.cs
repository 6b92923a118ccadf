using System.Globalization;

namespace Accord.Simulation.Reporting;

/// <summary>
/// The one way report.md writes numbers (docs/simulation.md, "Outputs"): counts as integers with thousands
/// separators (64,160); means of counts with at most one decimal (64.2), said to be means where they are used;
/// every other quantity with up to four significant digits (0.2083, 64.16) and, from 100,000 up or below 0.001, in
/// the same scientific form as the scenario files (1e25, 6.42e4, 2.5e-4); shares as percentages with one decimal.
/// </summary>
public static class ReportNumbers
{
    /// <summary>A count: 64,160.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A mean of counts: 8,760 or 64.2.</summary>
    public static string Mean(double v) => v.ToString("#,0.#", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage: 12.5%.</summary>
    public static string Share(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.0}%");

    /// <summary>A quantity: 0, 0.2083, 64.16, 12,345 below 1e5; 1e25, 6.42e4... from 1e5 or below 1e-3; "-" for none.</summary>
    public static string Quantity(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "-";
        }

        var magnitude = Math.Abs(v);
        if (v == 0 || (magnitude >= 1e-3 && magnitude < 1e5))
        {
            return Math.Round(v, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(Math.Max(magnitude, 1e-3))))).ToString("#,0.####", CultureInfo.InvariantCulture);
        }

        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var mantissa = Math.Round(v / Math.Pow(10, exponent), 2);
        if (Math.Abs(mantissa) >= 10)
        {
            mantissa /= 10;
            exponent++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{mantissa:0.##}e{exponent}");
    }
}
