// Bounded work per caller (docs/negotiation.md, "Limits"): a party's negotiation sessions are counted, and
// the bytes of their domains, so that no one party can fill the server with sessions.
using Accord.Core.Common;

namespace Accord.Core.Parties;

/// <summary>How many sessions, and how many bytes of domains, one party may have created.</summary>
/// <param name="MaxSessions">Sessions per party.</param>
/// <param name="MaxBytes">Bytes of session domains per party.</param>
public sealed record SessionQuota(int MaxSessions, long MaxBytes)
{
    /// <summary>
    /// Whether a party that has created <paramref name="sessions"/> sessions holding <paramref name="bytes"/> bytes may
    /// create one more of <paramref name="addedBytes"/>: null when it may, else <c>SESSION_QUOTA</c>.
    /// </summary>
    public Refusal? Check(string partyId, int sessions, long bytes, long addedBytes)
    {
        if (sessions >= MaxSessions)
        {
            return new Refusal(RefusalCode.ResourceExhausted, "SESSION_QUOTA", $"party '{partyId}' has created {sessions} sessions, the most one party may");
        }

        return bytes + addedBytes > MaxBytes
            ? new Refusal(RefusalCode.ResourceExhausted, "SESSION_QUOTA",
                $"party '{partyId}' has {bytes:N0} bytes of session domains; this one's {addedBytes:N0} would pass the {MaxBytes:N0} one party may hold", "domain")
            : null;
    }
}
