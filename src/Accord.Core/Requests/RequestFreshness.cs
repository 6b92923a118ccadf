// Request freshness (docs/formats.md, "Request freshness"): a signed mutating request carries a
// timestamp and a nonce inside the signed payload; it is refused when the timestamp is more than
// the allowed skew from the server's clock, or when the party already used the nonce inside the
// window. Nonces from NewNonce are 16 bytes from the OS CSPRNG in lowercase hex (RFC 4648 section 8).
using System.Security.Cryptography;

namespace Accord.Core.Requests;

/// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
public sealed record FreshnessPolicy(TimeSpan MaxSkew)
{
    /// <summary>Five minutes either way.</summary>
    public static FreshnessPolicy Default { get; } = new(TimeSpan.FromMinutes(5));

    /// <summary>The allowed skew; positive.</summary>
    public TimeSpan MaxSkew { get; init; } = MaxSkew > TimeSpan.Zero
        ? MaxSkew
        : throw new ArgumentOutOfRangeException(nameof(MaxSkew), MaxSkew, "The skew must be positive.");
}

/// <summary>The outcome of a freshness check.</summary>
public enum FreshnessVerdict
{
    /// <summary>Inside the window and not seen before: accept, then remember the nonce.</summary>
    Fresh,

    /// <summary>The timestamp is more than the skew before now.</summary>
    TooOld,

    /// <summary>The timestamp is more than the skew after now.</summary>
    TooNew,

    /// <summary>The party already used this nonce inside the window.</summary>
    Replayed,

    /// <summary>The nonce is not 16 to 128 characters of visible ASCII (0x21 to 0x7E).</summary>
    MalformedNonce,
}

/// <summary>Timestamp-and-nonce checks for mutating requests.</summary>
public static class RequestFreshness
{
    /// <summary>Shortest nonce accepted, in characters.</summary>
    public const int MinNonceLength = 16;

    /// <summary>Longest nonce accepted, in characters.</summary>
    public const int MaxNonceLength = 128;

    /// <summary>Bytes of randomness in <see cref="NewNonce"/>.</summary>
    public const int NonceBytes = 16;

    /// <summary>
    /// Checks, in order: the nonce's form, the timestamp against now (a request exactly
    /// <c>MaxSkew</c> away either way is accepted), and whether the nonce is in
    /// <paramref name="seen"/> (nonce -> request time, for this one party).
    /// </summary>
    public static FreshnessVerdict Check(
        FreshnessPolicy policy,
        DateTimeOffset requestTime,
        string nonce,
        DateTimeOffset now,
        IReadOnlyDictionary<string, DateTimeOffset> seen)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(seen);

        if (!IsWellFormedNonce(nonce))
        {
            return FreshnessVerdict.MalformedNonce;
        }

        // Differences of two DateTimeOffsets always fit a TimeSpan; now - MaxSkew might not fit a DateTimeOffset.
        var age = now - requestTime;
        if (age > policy.MaxSkew)
        {
            return FreshnessVerdict.TooOld;
        }

        if (requestTime - now > policy.MaxSkew)
        {
            return FreshnessVerdict.TooNew;
        }

        return seen.ContainsKey(nonce) ? FreshnessVerdict.Replayed : FreshnessVerdict.Fresh;
    }

    /// <summary>
    /// Returns the entries still inside the window (request time >= now - skew). Older ones can
    /// be forgotten: a request carrying them would be refused as <see cref="FreshnessVerdict.TooOld"/>.
    /// </summary>
    public static Dictionary<string, DateTimeOffset> Prune(
        FreshnessPolicy policy,
        IReadOnlyDictionary<string, DateTimeOffset> seen,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(seen);

        var kept = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (nonce, requestTime) in seen)
        {
            if (now - requestTime <= policy.MaxSkew)
            {
                kept[nonce] = requestTime;
            }
        }

        return kept;
    }

    /// <summary>16 bytes from the OS CSPRNG as 32 lowercase hex digits.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceBytes));

    /// <summary>True when the nonce is 16 to 128 characters, each visible ASCII (0x21 to 0x7E).</summary>
    public static bool IsWellFormedNonce(string? nonce)
    {
        if (nonce is null || nonce.Length is < MinNonceLength or > MaxNonceLength)
        {
            return false;
        }

        foreach (var c in nonce)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
