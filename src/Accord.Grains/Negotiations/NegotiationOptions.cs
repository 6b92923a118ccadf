namespace Accord.Grains.Negotiations;

/// <summary>What one negotiation session may cost the server (configuration section "Accord:Server:Negotiation").</summary>
public sealed class NegotiationOptions
{
    /// <summary>
    /// The most outcomes (the product of every issue's value count) a session's domain may have. Agents and the
    /// mediator's analysis work over the outcome space, so its size is what a session costs; a few hundred bytes
    /// of JSON can describe millions of outcomes. Default 100,000 (the shipped domains have a few hundred).
    /// </summary>
    public long MaxOutcomes { get; set; } = 100_000;

    /// <summary>The most sessions one party may create. Default 100.</summary>
    public int MaxSessionsPerParty { get; set; } = 100;

    /// <summary>The most bytes of session domains (JSON, or GENIUS domain and profiles, UTF-8) one party may create. Default 16 MiB.</summary>
    public long MaxSessionBytesPerParty { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// How long a session's agents and mediator may compute, in all (time spent waiting for a human's move does not
    /// count); a session that runs longer stops, failed with the reason TIME_BOX. Default 2 minutes.
    /// </summary>
    public TimeSpan MaxComputeTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The per-party session quota these options set.</summary>
    public Core.Parties.SessionQuota Quota => new(MaxSessionsPerParty, MaxSessionBytesPerParty);
}
