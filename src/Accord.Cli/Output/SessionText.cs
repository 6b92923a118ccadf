using System.Globalization;
using Accord.Protos.V1;

namespace Accord.Cli.Output;

/// <summary>
/// A negotiation session in words, for `accord session show|watch` and the moves: offers as issue=value, each
/// party's utility by name (`hidden` where the reader may not see it: a seat's utilities go to its party only).
/// Every string is printable (<see cref="Printable"/>); the caller writes it as it is.
/// </summary>
public static class SessionText
{
    /// <summary>The session's header, seats, issues, moves so far and where it stands.</summary>
    public static IEnumerable<string> Lines(NegotiationSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        yield return Printable.Text($"session {session.SessionId}: domain {session.Domain}, {Protocol(session.Protocol)}, {session.Rounds} rounds, seed {session.Seed}, created by {session.CreatedBy}");
        for (var i = 0; i < session.Seats.Count; i++)
        {
            var seat = session.Seats[i];
            yield return Printable.Text($"seat {i}: {seat.Name}, {seat.Agent}, party {seat.PartyId}");
        }

        foreach (var issue in session.Issues)
        {
            yield return Printable.Text($"issue {issue.Name}: {string.Join(" | ", issue.Values)}");
        }

        foreach (var move in session.Trace)
        {
            yield return Move(session, move);
        }

        yield return State(session);
    }

    /// <summary>One event of a watched session, numbered.</summary>
    public static string Event(NegotiationSession session, SessionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"#{e.Index} " + e.EventCase switch
        {
            SessionEvent.EventOneofCase.Move => Move(session, e.Move),
            SessionEvent.EventOneofCase.Turn => Turn(session, e.Turn),
            SessionEvent.EventOneofCase.Ended => Ended(session, e.Ended),
            SessionEvent.EventOneofCase.Failed => Printable.Text($"failed: {e.Failed}"),
            _ => "an event this client does not know",
        };
    }

    /// <summary>Where the session stands: awaiting a move (whose, what kind, what is on the table), finished, failed, created or running.</summary>
    public static string State(NegotiationSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Status switch
        {
            SessionStatus.AwaitingMove => Turn(session, session.Awaiting),
            SessionStatus.Finished => Ended(session, session.Outcome),
            SessionStatus.Failed => Printable.Text($"failed: {session.Error}"),
            SessionStatus.Created => Printable.Text($"created, not started: `accord session start {session.SessionId}` as its creator or a seated party"),
            _ => Printable.Text($"running: `accord session watch {session.SessionId}` follows it"),
        };
    }

    private static string Move(NegotiationSession session, NegotiationTraceEntry move)
    {
        var who = move.Party < 0 ? "the mediator" : $"{SeatName(session, move.Party)} ({move.Agent})";
        var what = move.Action switch
        {
            TraceAction.Offer => move.Party < 0 ? "proposes" : "offers",
            TraceAction.Accept => "accepts",
            TraceAction.Reject => "rejects",
            TraceAction.End => "walks away",
            _ => "moves",
        };
        var offer = move.Offer.Count == 0 ? "" : $" {Deal(session, move.Offer)}; utilities: {Utilities(session, move.Utilities)}";
        var message = move.Party >= 0 && move.Message.Length > 0 ? $" \"{move.Message}\"" : "";
        return Printable.Text($"round {move.Round} step {move.Step}: {who} {what}{offer}{message}");
    }

    private static string Turn(NegotiationSession session, AwaitedMove turn)
    {
        var kind = turn.Kind switch
        {
            TurnKind.Propose => "offer (or end)",
            TurnKind.Answer => "accept, offer, reject or end",
            TurnKind.Review => "accept or reject the mediator's text",
            _ => "move",
        };
        var table = turn.CurrentOffer.Count == 0 ? "nothing on the table" : $"on the table: {Deal(session, turn.CurrentOffer)}";
        return Printable.Text($"waiting for {SeatName(session, (int)turn.Seat)} (party {turn.PartyId}) to {kind} at step {turn.Step}, round {turn.Round}; {table}");
    }

    private static string Ended(NegotiationSession session, NegotiationOutcome outcome)
    {
        var deal = outcome.Agreement ? $"agreement: {Deal(session, outcome.Deal)}" : "no agreement";
        return Printable.Text($"ended ({outcome.EndReason}) after {outcome.Metrics?.Rounds ?? 0} rounds, {deal}; utilities: {Utilities(session, (IReadOnlyList<double>?)outcome.Metrics?.Utilities ?? [])}");
    }

    /// <summary>"compute_cap=3e26, pause_months=3": value labels in issue order, named.</summary>
    public static string Deal(NegotiationSession session, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(", ", values.Select((v, i) => $"{(i < session.Issues.Count ? session.Issues[i].Name : $"issue {i}")}={v}"));
    }

    private static string Utilities(NegotiationSession session, IReadOnlyList<double> utilities) =>
        utilities.Count == 0
            ? "none"
            : string.Join(", ", utilities.Select((u, i) => $"{SeatName(session, i)} {(double.IsFinite(u) ? u.ToString("0.###", CultureInfo.InvariantCulture) : "hidden")}"));

    private static string SeatName(NegotiationSession session, int seat) =>
        seat >= 0 && seat < session.Seats.Count ? session.Seats[seat].Name : $"seat {seat}";

    private static string Protocol(NegotiationProtocol protocol) =>
        protocol == NegotiationProtocol.Mediated ? "mediated single text" : "stacked alternating offers";
}
