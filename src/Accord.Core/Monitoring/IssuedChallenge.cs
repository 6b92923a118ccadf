// Device challenges (docs/attestation.md, "Enrolment and reporting keys"; "The monitoring stream"):
// 32-byte nonces a device grain issues, each single-use for enrolment evidence or a reporting-key
// certificate until it expires, and remembered so that reports may name any recent one.
namespace Accord.Core.Monitoring;

/// <summary>A challenge issued to a device, as the device's record holds it.</summary>
/// <param name="Nonce">The random nonce.</param>
/// <param name="ExpiresAt">The last instant it may be answered (inclusive).</param>
/// <param name="Used">Whether evidence or a reporting-key certificate already answered it.</param>
/// <param name="IssuedTo">The party whose signed request (or authenticated stream) it answered; empty when anyone asked.</param>
public sealed record IssuedChallenge(byte[] Nonce, DateTimeOffset ExpiresAt, bool Used, string IssuedTo = "");

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
    /// newest <paramref name="history"/> of those issued to the same party as it (<paramref name="issuedTo"/>). A
    /// challenge is evicted only by newer ones asked for by the same party, or, for those anyone asked for, by anyone:
    /// a flood of anonymous requests cannot push out the challenges a lab asked for, signed, or got on its stream.
    /// </summary>
    public static IReadOnlyList<T> Remember<T>(IReadOnlyList<T> challenges, T issued, int history, Func<T, string> issuedTo)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        ArgumentNullException.ThrowIfNull(issuedTo);
        ArgumentOutOfRangeException.ThrowIfLessThan(history, 1);
        var party = issuedTo(issued);
        var all = new List<T>(challenges) { issued };
        var excess = all.Count(c => issuedTo(c) == party) - history;
        return excess <= 0 ? all : all.Where(c => issuedTo(c) != party || excess-- <= 0).ToList();
    }
}
