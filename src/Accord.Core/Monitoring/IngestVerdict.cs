namespace Accord.Core.Monitoring;

/// <summary>Whether a report is taken.</summary>
public enum IngestDecision
{
    /// <summary>Store it and move the device's state to <see cref="IngestVerdict.Next"/>.</summary>
    Accept,

    /// <summary>Refuse it; nothing changes.</summary>
    Reject,
}

/// <summary>The outcome of <see cref="ReportIngestRules.Check"/>.</summary>
/// <param name="Decision">Accept or reject.</param>
/// <param name="Reason">One of <see cref="IngestReasons"/> when rejected; null when accepted.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Next">
/// When accepted, the state after the report: totals, last sequence and interval end, and any sequence gap
/// or silence it revealed appended to the gaps. Null when rejected.
/// </param>
public sealed record IngestVerdict(IngestDecision Decision, string? Reason, string Message, DeviceReportingState? Next)
{
    /// <summary>Whether the report was accepted (and <see cref="Next"/> is set).</summary>
    public bool IsAccepted => Decision == IngestDecision.Accept;

    /// <summary>
    /// Whether the report is at or behind the last accepted sequence (<see cref="IngestReasons.Rollback"/>): the exact
    /// bytes of an accepted report sent again are a duplicate, anything else a rollback. The caller, which holds the
    /// accepted bytes (the log), tells the two apart.
    /// </summary>
    public bool MayBeDuplicate => Reason == IngestReasons.Rollback;

    internal static IngestVerdict Reject(string reason, string message) => new(IngestDecision.Reject, reason, message, null);

    internal static IngestVerdict Accept(string message, DeviceReportingState next) => new(IngestDecision.Accept, null, message, next);
}

/// <summary>
/// The stable reason codes of rejected reports, in the order <see cref="ReportIngestRules.Check"/> tries
/// them (the values travel in <c>accord.v1.ReportResult.reason</c>).
/// </summary>
public static class IngestReasons
{
    /// <summary>The report names another device.</summary>
    public const string DeviceMismatch = "DEVICE_MISMATCH";

    /// <summary>The report is not from the device's current reporting key's epoch.</summary>
    public const string WrongEpoch = "WRONG_EPOCH";

    /// <summary>A field is out of range or inconsistent with another.</summary>
    public const string Malformed = "MALFORMED";

    /// <summary>The sequence is not after the last one accepted: a replay or a rollback.</summary>
    public const string Rollback = "ROLLBACK";

    /// <summary>The interval starts before the last accepted report's interval ended.</summary>
    public const string Overlap = "OVERLAP";

    /// <summary>The interval ends more than the allowed skew after the server's clock.</summary>
    public const string Future = "FUTURE";

    /// <summary>The device model has no such precision (e.g. FP8 on A100).</summary>
    public const string UnsupportedPrecision = "UNSUPPORTED_PRECISION";

    /// <summary>More FLOP than the device could do in the interval at its peak dense throughput.</summary>
    public const string AbovePhysicalLimit = "ABOVE_PHYSICAL_LIMIT";
}
