namespace Accord.Server.Hosting;

/// <summary>
/// Rate limits (section "Accord:Server:RateLimits"), each a token bucket per partition: signed requests per
/// acting party, unsigned calls per remote address, monitoring reports per lab. A call over its limit is
/// refused with RESOURCE_EXHAUSTED (reason RATE_LIMITED) before it changes anything. The defaults are far
/// above what an honest party sends; they bound what one party can take from the others.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Whether the limits apply at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Signed requests (and monitoring stream hellos) per acting party, counted once the signature verifies. Default 200/s, burst 1,000.</summary>
    public TokenBucketOptions Requests { get; set; } = new() { PerSecond = 200, Burst = 1_000 };

    /// <summary>Unsigned calls (reads, challenges, party registrations, cosignatures) per remote IP address. Default 1,000/s, burst 5,000.</summary>
    public TokenBucketOptions Reads { get; set; } = new() { PerSecond = 1_000, Burst = 5_000 };

    /// <summary>
    /// Party registrations per remote IP address. Each is a new party with a fresh key, so the per-party bucket
    /// cannot bound them, and each is a permanent log entry. Default 1/s, burst 20.
    /// </summary>
    public TokenBucketOptions Registrations { get; set; } = new() { PerSecond = 1, Burst = 20 };

    /// <summary>Monitoring reports per lab, counted per batch on the stream. Default 50,000/s, burst 200,000.</summary>
    public TokenBucketOptions Reports { get; set; } = new() { PerSecond = 50_000, Burst = 200_000 };
}

/// <summary>A token bucket: <see cref="Burst"/> tokens at most, refilled at <see cref="PerSecond"/>.</summary>
public sealed class TokenBucketOptions
{
    /// <summary>Tokens added per second (at least 1).</summary>
    public int PerSecond { get; set; } = 1;

    /// <summary>The bucket's size: the most taken at once after a quiet spell (at least 1). A batch larger than this takes the whole bucket.</summary>
    public int Burst { get; set; } = 1;
}
