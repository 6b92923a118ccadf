using System.Globalization;

namespace Accord.Core.Commitments;

/// <summary>
/// Commitments in words: one readable line each, for the CLI, the dashboard and the log. FLOP are
/// written in scientific notation (1e26, 2.5e25); times in UTC, ISO 8601.
/// </summary>
public static class CommitmentText
{
    /// <summary>One line describing <paramref name="terms"/>, e.g. "Pause runs above 1e26 FLOP for 6 months from activation".</summary>
    public static string Describe(CommitmentTerms terms) => terms switch
    {
        TrainingRunComputeCap t => $"No training run above {Flop(t.MaxFlop)} FLOP ({Describe(t.Measure)})",
        AggregateComputeCap t => $"At most {Flop(t.MaxFlop)} FLOP of training compute in total per {Duration(t.Period)} ({Describe(t.Measure)})",
        ClusterSizeCap t => $"No cluster above {ClusterLimit(t)} ({Name(t.Precision)}) {ClusterScopeText(t.Scope)}",
        PauseWindow t => DescribePause(t),
        NotifyTraining t => DescribeNotify(t),
        MonitoringCoverage t => $"At least {Number(t.MinShare * 100)}% of declared devices report in every window of {Duration(t.Window)}",
        MonitoredBand t => $"Training runs between {Flop(t.MinFlop)} and {Flop(t.MaxFlop)} FLOP use only monitored devices",
        InspectionAccess t => DescribeInspection(t),
        null => throw new ArgumentNullException(nameof(terms)),
        _ => $"Unknown commitment kind {terms.GetType().Name}",
    };

    /// <summary>
    /// The condition as a clause, e.g. "when lab-a, lab-b, lab-c have signed pause-2027" or
    /// "when 2 parties have signed pause-2027".
    /// </summary>
    public static string Describe(ActivationCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Requirement switch
        {
            AllOfParties { PartyIds.Count: 1 } all => $"when {all.PartyIds[0]} has signed {condition.AgreementId}",
            AllOfParties all => $"when {string.Join(", ", all.PartyIds)} have signed {condition.AgreementId}",
            AtLeastParties { K: 1 } => $"when 1 party has signed {condition.AgreementId}",
            AtLeastParties atLeast => $"when {atLeast.K} parties have signed {condition.AgreementId}",
            _ => $"when {condition.AgreementId} is signed",
        };
    }

    /// <summary>The counting rule in words, e.g. "BF16, estimated from utilization".</summary>
    public static string Describe(ComputeMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var basis = measure.Basis switch
        {
            CountingBasis.EstimatedFromUtilization => "estimated from utilization",
            CountingBasis.HardwareCounters => "from hardware counters",
            CountingBasis.Analytic => "analytic estimate",
            _ => measure.Basis.ToString(),
        };
        return $"{Name(measure.Precision)}, {basis}";
    }

    /// <summary>A FLOP figure in scientific notation: 1e26, 2.5e25, 0.</summary>
    public static string Flop(double value) =>
        value == 0 ? "0" : value.ToString("0.##############e0", CultureInfo.InvariantCulture);

    /// <summary>A plain number: positional when moderate (16, 95.5), scientific otherwise.</summary>
    internal static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        return value == 0 || (magnitude >= 1e-3 && magnitude < 1e6) || !double.IsFinite(value)
            ? value.ToString("0.######", CultureInfo.InvariantCulture)
            : Flop(value);
    }

    /// <summary>A duration in the largest whole unit: "14 days", "1 hour", "90 seconds".</summary>
    internal static string Duration(TimeSpan value)
    {
        static string Plural(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

        if (value == TimeSpan.Zero)
        {
            return "0 seconds";
        }

        if (value.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return Plural(value.Ticks / TimeSpan.TicksPerDay, "day");
        }

        if (value.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Plural(value.Ticks / TimeSpan.TicksPerHour, "hour");
        }

        if (value.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return Plural(value.Ticks / TimeSpan.TicksPerMinute, "minute");
        }

        return value.Ticks % TimeSpan.TicksPerSecond == 0
            ? Plural(value.Ticks / TimeSpan.TicksPerSecond, "second")
            : $"{value.TotalSeconds.ToString("0.#######", CultureInfo.InvariantCulture)} seconds";
    }

    /// <summary>A time in UTC: "2027-01-01" at midnight, else "2027-01-01T12:30:00Z".</summary>
    internal static string Time(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    private static string Name(Precision precision) => precision.ToString().ToUpperInvariant();

    private static string ClusterLimit(ClusterSizeCap t) => t.Unit switch
    {
        ClusterUnit.H100Equivalents => $"{Number(t.Limit)} H100-equivalents",
        ClusterUnit.FlopPerSecond => $"{Flop(t.Limit)} FLOP/s",
        _ => Number(t.Limit),
    };

    private static string ClusterScopeText(ClusterScope scope) => scope switch
    {
        ClusterScope.AllFacilities => "in any facility",
        ClusterScope.UnmonitoredFacilities => "in unmonitored facilities",
        _ => $"in scope {scope}",
    };

    private static string DescribePause(PauseWindow t)
    {
        var what = t.ScopeMinFlop == 0 ? "Pause all training runs" : $"Pause runs above {Flop(t.ScopeMinFlop)} FLOP";
        var from = t.StartsAt is { } start ? Time(start) : "activation";
        var window = t.End switch
        {
            PauseForMonths { Months: 1 } => $"for 1 month from {from}",
            PauseForMonths m => $"for {m.Months} months from {from}",
            PauseEndsAt e => $"from {from} until {Time(e.EndsAt)}",
            PauseUntilAttested a => $"from {from} until {a.InspectorPartyId} attests \"{a.Condition}\"",
            _ => $"from {from}",
        };
        var line = $"{what} {window}";
        return t.Trigger is null ? line : $"If {t.Trigger}: {char.ToLowerInvariant(line[0])}{line[1..]}";
    }

    private static string DescribeNotify(NotifyTraining t)
    {
        var who = t.NotifyPartyId is null ? "Give notice" : $"Notify {t.NotifyPartyId}";
        var threshold = $"{Flop(t.ThresholdFlop)} FLOP";
        var zero = t.NoticePeriod == TimeSpan.Zero;
        var when = (t.Timing, t.Anticipatory) switch
        {
            (NoticeTiming.BeforeThreshold, _) when zero => $"before a run reaches {threshold}",
            (NoticeTiming.BeforeThreshold, _) => $"at least {Duration(t.NoticePeriod)} before a run reaches {threshold}",
            (NoticeTiming.AfterThreshold, false) when zero => $"when a run reaches {threshold}",
            (NoticeTiming.AfterThreshold, true) when zero => $"when a run reaches {threshold} or is known to reach it",
            (NoticeTiming.AfterThreshold, false) => $"within {Duration(t.NoticePeriod)} after a run reaches {threshold}",
            (NoticeTiming.AfterThreshold, true) => $"within {Duration(t.NoticePeriod)} after a run reaches {threshold} or is known to reach it",
            _ => $"around a run reaching {threshold}",
        };
        var foreseen = t.Timing == NoticeTiming.BeforeThreshold && t.Anticipatory ? ", counting runs foreseen to reach it" : string.Empty;
        return $"{who} {when}{foreseen} ({Describe(t.Measure)})";
    }

    private static string DescribeInspection(InspectionAccess t)
    {
        var type = t.Type switch
        {
            InspectionType.Routine => "routine",
            InspectionType.Challenge => "challenge",
            _ => t.Type.ToString(),
        };
        var notice = t.NoticePeriod == TimeSpan.Zero ? "without notice" : $"with notice of at most {Duration(t.NoticePeriod)}";
        var limit = t.MaxPerYear == 0 ? "with no yearly limit" : $"up to {t.MaxPerYear} a year";
        return $"Admit {type} inspections {notice}, {limit}";
    }
}
