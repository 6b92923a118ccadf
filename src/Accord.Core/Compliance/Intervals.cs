namespace Accord.Core.Compliance;

/// <summary>
/// Interval arithmetic in UTC ticks, all half-open [start, end): clipping a report to a commitment's span,
/// the periods or windows (fixed lengths from the span's start) an interval touches, when they close, and the
/// share of a report's FLOP that falls inside a range. Times near the ends of the calendar saturate.
/// </summary>
internal static class Intervals
{
    /// <summary>[s, e) clipped to [from, until); false when nothing is left.</summary>
    public static bool Clip(long s, long e, long from, long until, out long lo, out long hi)
    {
        lo = Math.Max(s, from);
        hi = Math.Min(e, until);
        return hi > lo;
    }

    /// <summary>
    /// The slices of <paramref name="length"/> ticks counted from <paramref name="origin"/> that the non-empty
    /// [lo, hi) touches, leaving out those below <paramref name="closedBefore"/>: the first and last index.
    /// </summary>
    public static (long First, long Last) Touched(long lo, long hi, long origin, long length, long closedBefore) =>
        (Math.Max((lo - origin) / length, closedBefore), (hi - 1 - origin) / length);

    /// <summary>Periods and windows ending at or before this (now less the lateness) are closed.</summary>
    public static long Horizon(DateTimeOffset now, TimeSpan lateness) => now.UtcTicks - lateness.Ticks;

    /// <summary>The share of <paramref name="flop"/> over [s, e) that falls in [lo, hi): all of it (exactly) when inside.</summary>
    public static double Portion(double flop, long s, long e, long lo, long hi)
    {
        if (s >= lo && e <= hi)
        {
            return flop;
        }

        var a = Math.Max(s, lo);
        var b = Math.Min(e, hi);
        return b <= a ? 0 : flop * ((double)(b - a) / (e - s));
    }

    /// <summary><paramref name="t"/> + <paramref name="d"/>, or the latest time when that is past it.</summary>
    public static DateTimeOffset SafeAdd(DateTimeOffset t, TimeSpan d) =>
        DateTimeOffset.MaxValue - t < d ? DateTimeOffset.MaxValue : t + d;

    /// <summary><paramref name="t"/> - <paramref name="d"/>, or the earliest time when that is before it.</summary>
    public static DateTimeOffset SafeSubtract(DateTimeOffset t, TimeSpan d) =>
        t - DateTimeOffset.MinValue < d ? DateTimeOffset.MinValue : t - d;
}
