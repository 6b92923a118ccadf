using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Protos.Mapping;

/// <summary>
/// google.protobuf.Timestamp from the wire, read without throwing: a timestamp that is not
/// normalized (nanos outside [0, 10^9)) or outside 0001-01-01 to 9999-12-31 makes
/// <see cref="Timestamp.ToDateTimeOffset"/> throw InvalidOperationException or
/// ArgumentOutOfRangeException; these say no instead.
/// </summary>
public static class ProtoTime
{
    /// <summary>True, with the instant, when <paramref name="value"/> is set and representable.</summary>
    public static bool TryRead([NotNullWhen(true)] Timestamp? value, out DateTimeOffset instant)
    {
        instant = default;
        if (value is null || value.Nanos is < 0 or > 999_999_999
            || value.Seconds is < MinSeconds or > MaxSeconds)
        {
            return false;
        }

        instant = value.ToDateTimeOffset();
        return true;
    }

    /// <summary>The instant, or null when <paramref name="value"/> is missing or not representable.</summary>
    public static DateTimeOffset? Read(Timestamp? value) => TryRead(value, out var instant) ? instant : null;

    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds: Google.Protobuf's own range.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;
}
