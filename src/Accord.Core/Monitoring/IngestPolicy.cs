namespace Accord.Core.Monitoring;

/// <summary>The server's expectations of reporting devices.</summary>
/// <param name="MaxClockSkew">How far after the server's clock a report's interval may end (0 to 1 day).</param>
/// <param name="ReportInterval">How often devices report (more than 0, at most 1 day).</param>
/// <param name="SilenceMultiple">How many intervals without a report make a device silent (1 to 1000).</param>
public sealed record IngestPolicy(TimeSpan MaxClockSkew, TimeSpan ReportInterval, double SilenceMultiple)
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    /// <summary>Five minutes of skew, a report every 60 seconds, silent after 3 missed intervals.</summary>
    public static IngestPolicy Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(60), 3);

    /// <summary>The allowed skew, 0 to 1 day.</summary>
    public TimeSpan MaxClockSkew { get; init; } = MaxClockSkew >= TimeSpan.Zero && MaxClockSkew <= OneDay
        ? MaxClockSkew
        : throw new ArgumentOutOfRangeException(nameof(MaxClockSkew), MaxClockSkew, "The skew must be 0 to 1 day.");

    /// <summary>The expected time between reports, more than 0 and at most 1 day.</summary>
    public TimeSpan ReportInterval { get; init; } = ReportInterval > TimeSpan.Zero && ReportInterval <= OneDay
        ? ReportInterval
        : throw new ArgumentOutOfRangeException(nameof(ReportInterval), ReportInterval, "The interval must be more than 0 and at most 1 day.");

    /// <summary>Intervals without a report before a device is silent, 1 to 1000.</summary>
    public double SilenceMultiple { get; init; } = SilenceMultiple is >= 1 and <= 1000
        ? SilenceMultiple
        : throw new ArgumentOutOfRangeException(nameof(SilenceMultiple), SilenceMultiple, "The multiple must be 1 to 1000.");

    /// <summary>
    /// <see cref="ReportInterval"/> x <see cref="SilenceMultiple"/>, rounded to the nearest tick (exact for
    /// whole multiples): a device is silent once this much time has passed since its last report's end.
    /// </summary>
    public TimeSpan SilenceThreshold => ReportInterval * SilenceMultiple;
}
