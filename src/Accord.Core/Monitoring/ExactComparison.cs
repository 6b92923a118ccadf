using System.Numerics;

namespace Accord.Core.Monitoring;

/// <summary>
/// Compares a double with a rational number exactly (no rounding anywhere), so that a limit such as
/// "interval seconds x peak FLOP/s" is the mathematical value, not whatever a chain of double operations
/// happens to round it to.
/// </summary>
internal static class ExactComparison
{
    /// <summary>
    /// The sign of <paramref name="value"/> - <paramref name="numerator"/> / <paramref name="denominator"/>:
    /// negative, zero or positive.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite, or the denominator is not positive.</exception>
    public static int Compare(double value, BigInteger numerator, BigInteger denominator)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be finite.");
        }

        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "The denominator must be positive.");
        }

        // Fast path: when the value is clearly apart from the rational (a relative margin far above the
        // rounding of the two conversions and the division), the doubles decide; only near ties fall
        // through to the exact comparison below.
        var approximate = (double)numerator / (double)denominator;
        if (double.IsFinite(approximate) && approximate > 0)
        {
            if (value < approximate * (1 - 1e-9))
            {
                return -1;
            }

            if (value > approximate * (1 + 1e-9))
            {
                return 1;
            }
        }

        // value = mantissa x 2^exponent exactly (IEEE 754 binary64).
        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFF;
        var mantissa = new BigInteger(biased == 0 ? fraction : fraction | (1L << 52));
        var exponent = biased == 0 ? -1074 : biased - 1075;
        if (bits < 0)
        {
            mantissa = -mantissa;
        }

        // Compare mantissa x 2^exponent x denominator with numerator, both sides scaled to integers.
        var left = mantissa * denominator;
        var right = numerator;
        if (exponent >= 0)
        {
            left <<= exponent;
        }
        else
        {
            right <<= -exponent;
        }

        return left.CompareTo(right);
    }

    /// <summary>
    /// The largest double not above <paramref name="numerator"/> / <paramref name="denominator"/> (numerator
    /// &gt;= 0, denominator &gt; 0, quotient below <see cref="double.MaxValue"/>).
    /// </summary>
    public static double FloorToDouble(BigInteger numerator, BigInteger denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numerator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);

        // Within a few units in the last place of the quotient; the loops below settle it exactly.
        var candidate = (double)numerator / (double)denominator;
        if (!double.IsFinite(candidate))
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "The quotient does not fit a double.");
        }

        while (Compare(candidate, numerator, denominator) > 0)
        {
            candidate = Math.BitDecrement(candidate);
        }

        while (double.IsFinite(Math.BitIncrement(candidate)) && Compare(Math.BitIncrement(candidate), numerator, denominator) <= 0)
        {
            candidate = Math.BitIncrement(candidate);
        }

        return candidate;
    }
}
