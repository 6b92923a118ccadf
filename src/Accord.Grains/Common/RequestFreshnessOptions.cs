namespace Accord.Grains.Common;

/// <summary>How far a signed request's timestamp may be from the server clock (configuration section "Accord:Requests").</summary>
public sealed class RequestFreshnessOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Accord:Requests";

    /// <summary>The allowed clock skew in either direction; nonces are remembered for this long. Default 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
