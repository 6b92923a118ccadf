using Accord.Core.Registry;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Protos.Mapping;

/// <summary>Well-known-type conversions that report instead of throwing.</summary>
internal static class ProtoValues
{
    /// <summary>The duration as a TimeSpan (sub-100ns digits dropped), or null with a violation when missing or malformed.</summary>
    public static TimeSpan? ToTimeSpan(Duration? value, string field, List<FieldViolation> violations)
    {
        if (value is null)
        {
            violations.Add(new(field, "duration is required"));
            return null;
        }

        try
        {
            return value.ToTimeSpan();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException or OverflowException)
        {
            violations.Add(new(field, "duration is not a valid normalized google.protobuf.Duration"));
            return null;
        }
    }

    /// <summary>The timestamp as a UTC DateTimeOffset, or null with a violation when missing or out of range.</summary>
    public static DateTimeOffset? ToDateTimeOffset(Timestamp? value, string field, List<FieldViolation> violations)
    {
        if (value is null)
        {
            violations.Add(new(field, "timestamp is required"));
            return null;
        }

        try
        {
            return value.ToDateTimeOffset();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException or OverflowException)
        {
            violations.Add(new(field, "timestamp must be a valid google.protobuf.Timestamp between 0001-01-01 and 9999-12-31"));
            return null;
        }
    }

    /// <summary>The count as an int, or null with a violation when it does not fit.</summary>
    public static int? ToInt(uint value, string field, List<FieldViolation> violations)
    {
        if (value > int.MaxValue)
        {
            violations.Add(new(field, $"value {value} is too large"));
            return null;
        }

        return (int)value;
    }

    /// <summary>Adds the standard violation for an unset or unknown enum value and returns null.</summary>
    public static TDomain? Unknown<TDomain, TProto>(TProto value, string field, List<FieldViolation> violations)
        where TDomain : struct
        where TProto : struct, System.Enum
    {
        violations.Add(new(field, Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0
            ? $"{typeof(TProto).Name} is required (got {value})"
            : $"unknown {typeof(TProto).Name} value {value}"));
        return null;
    }
}
