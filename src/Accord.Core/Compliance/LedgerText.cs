using System.Globalization;
using Accord.Core.Commitments;

namespace Accord.Core.Compliance;

/// <summary>
/// How the ledger writes numbers, times and spans into violations and evaluations: invariant, round-trip
/// doubles ("R"), UTC times to the tick, spans in the constant ("c") format. Explanations are compared
/// byte for byte across restarts, so every kind writes through these.
/// </summary>
internal static class LedgerText
{
    /// <summary>A double as it round-trips.</summary>
    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A time in UTC, with as many fraction digits as it has.</summary>
    public static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time given as UTC ticks.</summary>
    public static string FormatTime(long utcTicks) => FormatTime(new DateTimeOffset(utcTicks, TimeSpan.Zero));

    /// <summary>A span as [-][d.]hh:mm:ss[.fffffff].</summary>
    public static string FormatSpan(TimeSpan d) => d.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>A precision's name as the specifications write it (BF16, FP8...).</summary>
    public static string Name(Precision precision) => precision.ToString().ToUpperInvariant();
}
