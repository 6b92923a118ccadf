namespace Accord.Core.Commitments;

/// <summary>The ranges <see cref="CommitmentValidator"/> enforces, in one place.</summary>
public static class CommitmentLimits
{
    /// <summary>The upper sanity bound on any FLOP or FLOP/s figure (inclusive).</summary>
    public const double MaxFlop = 1e40;

    /// <summary>The shortest aggregate-cap period.</summary>
    public static readonly TimeSpan MinAggregatePeriod = TimeSpan.FromHours(1);

    /// <summary>The longest aggregate-cap period (100 years of 365.25 days).</summary>
    public static readonly TimeSpan MaxAggregatePeriod = TimeSpan.FromDays(36525);

    /// <summary>The longest notice period (notification or inspection), about ten years.</summary>
    public static readonly TimeSpan MaxNoticePeriod = TimeSpan.FromDays(3653);

    /// <summary>The shortest monitoring-coverage window.</summary>
    public static readonly TimeSpan MinMonitoringWindow = TimeSpan.FromMinutes(1);

    /// <summary>The longest monitoring-coverage window (a leap year).</summary>
    public static readonly TimeSpan MaxMonitoringWindow = TimeSpan.FromDays(366);

    /// <summary>The shortest pause in calendar months.</summary>
    public const int MinPauseMonths = 1;

    /// <summary>The longest pause in calendar months (50 years).</summary>
    public const int MaxPauseMonths = 600;

    /// <summary>The longest commitment title.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest attested condition text.</summary>
    public const int MaxConditionLength = 1000;

    /// <summary>The longest pause trigger text.</summary>
    public const int MaxTriggerLength = 1000;

    /// <summary>The highest yearly inspection limit (0 means no limit).</summary>
    public const int MaxInspectionsPerYear = 1000;

    /// <summary>The most parties an activation condition may name (an agreement has at most 100).</summary>
    public const int MaxConditionParties = 100;
}
