using Accord.Core.Parties;
using Accord.Protos.V1;
using Google.Protobuf.Collections;

namespace Accord.Server.Grpc;

/// <summary>
/// A seat's utilities are its party's private preferences: everything a session answer carries per seat (the
/// trace's utilities, the outcome's utilities, discounted utilities and advantages) is shown only for the seats
/// <see cref="PartyAction.ReadSeatUtilities"/> allows the reader, and NaN for the others; welfare and Nash product,
/// which add the seats up, only when the reader holds every seat.
/// </summary>
internal static class SessionPrivacy
{
    /// <summary>The seats (by index) whose utilities <paramref name="reader"/> may see; none for an anonymous reader.</summary>
    public static IReadOnlySet<int> VisibleSeats(IEnumerable<string> seatPartyIds, ActingParty? reader) =>
        reader is null
            ? new HashSet<int>()
            : seatPartyIds.Select((partyId, seat) => (partyId, seat))
                .Where(s => Permissions.Allows(PartyAction.ReadSeatUtilities, reader, PermissionSubject.Of(s.seat.ToString(System.Globalization.CultureInfo.InvariantCulture), s.partyId)))
                .Select(s => s.seat)
                .ToHashSet();

    public static NegotiationSession Redact(NegotiationSession session, IReadOnlySet<int> visible)
    {
        foreach (var entry in session.Trace)
        {
            Redact(entry.Utilities, visible);
        }

        if (session.Outcome is { } outcome)
        {
            Redact(outcome, visible, session.Seats.Count);
        }

        return session;
    }

    public static SessionEvent Redact(SessionEvent e, IReadOnlySet<int> visible, int seats)
    {
        if (e.Move is { } move)
        {
            Redact(move.Utilities, visible);
        }

        if (e.Ended is { } ended)
        {
            Redact(ended, visible, seats);
        }

        return e;
    }

    private static void Redact(NegotiationOutcome outcome, IReadOnlySet<int> visible, int seats)
    {
        if (outcome.Metrics is not { } metrics)
        {
            return;
        }

        Redact(metrics.Utilities, visible);
        Redact(metrics.DiscountedUtilities, visible);
        Redact(metrics.Advantages, visible);
        if (visible.Count < seats)
        {
            metrics.Welfare = double.NaN;
            metrics.NashProduct = double.NaN;
        }
    }

    private static void Redact(RepeatedField<double> values, IReadOnlySet<int> visible)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!visible.Contains(i))
            {
                values[i] = double.NaN;
            }
        }
    }
}
