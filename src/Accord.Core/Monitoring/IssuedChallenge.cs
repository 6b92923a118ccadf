// Device challenges (docs/attestation.md, "Enrolment and reporting keys"; "The monitoring stream"):
// 32-byte nonces a device grain issues, each single-use for enrolment evidence or a reporting-key
// certificate until it expires, and remembered so that reports may name any recent one.
namespace Accord.Core.Monitoring;

/// <summary>A challenge issued to a device, as the device's record holds it.</summary>
/// <param name="Nonce">The random nonce.</param>
/// <param name="ExpiresAt">The last instant it may be answered (inclusive).</param>
/// <param name="Used">Whether evidence or a reporting-key certificate already answered it.</param>
public sealed record IssuedChallenge(byte[] Nonce, DateTimeOffset ExpiresAt, bool Used);

/// <summary>When a device gets a new challenge, and how many it keeps.</summary>
public static class ChallengeRules
{
    /// <summary>
    /// Whether a batch acknowledgement issues a new challenge rather than repeating <paramref name="newest"/>:
    /// when there is none, when it is used, or when it was issued (its expiry less <paramref name="lifetime"/>)
    /// at least <paramref name="rotation"/> before <paramref name="now"/> (exactly that old: a new one).
    /// </summary>
    public static bool IssueNew(IssuedChallenge? newest, DateTimeOffset now, TimeSpan lifetime, TimeSpan rotation) =>
        newest is null || newest.Used || now - (newest.ExpiresAt - lifetime) >= rotation;

    /// <summary>
    /// <paramref name="challenges"/> (oldest first) with <paramref name="issued"/> added at the end, keeping only the
    /// newest <paramref name="history"/>.
    /// </summary>
    public static IReadOnlyList<T> Remember<T>(IReadOnlyList<T> challenges, T issued, int history)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        ArgumentOutOfRangeException.ThrowIfLessThan(history, 1);
        var all = new List<T>(challenges) { issued };
        return all.Count > history ? all.GetRange(all.Count - history, history) : all;
    }
}
