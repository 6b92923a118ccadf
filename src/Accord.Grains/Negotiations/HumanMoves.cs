using Accord.Grains.Abstractions.Negotiations;
using Accord.Negotiation.Domains;

namespace Accord.Grains.Negotiations;

/// <summary>Checks a human seat's move against the turn it answers and the domain.</summary>
internal static class HumanMoves
{
    /// <summary>The move as recorded (offer values resolved to exact labels), or why it is refused.</summary>
    public static Outcome<HumanMoveRecord> Check(NegotiationDomain domain, NegotiationTurn turn, HumanMoveCommand move)
    {
        var legal = (turn.Kind, move.Kind) switch
        {
            (NegotiationTurnKind.Review, NegotiationMoveKind.Accept or NegotiationMoveKind.Reject) => null,
            (NegotiationTurnKind.Review, _) => "the mediated protocol takes accept or reject of the mediator's text",
            (NegotiationTurnKind.Propose, NegotiationMoveKind.Accept or NegotiationMoveKind.Reject) => "there is no offer on the table to accept or reject: offer or end",
            _ => null,
        };
        if (legal is not null)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "ILLEGAL_MOVE", legal, "kind");
        }

        if (move.Kind != NegotiationMoveKind.Offer)
        {
            return move.Offer.Count > 0
                ? Rejection.Of(RejectionCode.InvalidArgument, "INVALID_ARGUMENT", "only an offer carries values", "offer")
                : Outcome<HumanMoveRecord>.Ok(Record(turn, move, null));
        }

        foreach (var name in move.Offer.Keys.Order(StringComparer.Ordinal))
        {
            if (!domain.Issues.Any(i => i.Name == name))
            {
                return OutOfDomain($"offer[\"{name}\"]", $"'{name}' is not an issue of domain '{domain.Name}'; its issues are {string.Join(", ", domain.Issues.Select(i => $"'{i.Name}'"))}");
            }
        }

        var labels = new List<string>(domain.Issues.Count);
        foreach (var issue in domain.Issues)
        {
            if (!move.Offer.TryGetValue(issue.Name, out var value))
            {
                return OutOfDomain("offer", $"the offer gives no value for issue '{issue.Name}'; give one value for every issue");
            }

            var index = issue.Resolve(value);
            if (index < 0)
            {
                return OutOfDomain($"offer[\"{issue.Name}\"]", $"'{value}' is not a value of issue '{issue.Name}' (values: {string.Join(", ", issue.Labels)})");
            }

            labels.Add(issue.Labels[index]);
        }

        return Outcome<HumanMoveRecord>.Ok(Record(turn, move, [.. labels]));
    }

    private static HumanMoveRecord Record(NegotiationTurn turn, HumanMoveCommand move, ImmutableList<string>? offer) => new()
    {
        Seat = turn.Seat,
        Step = turn.Step,
        Kind = move.Kind,
        Offer = offer,
        Message = string.IsNullOrEmpty(move.Message) ? null : move.Message,
        PartyId = move.PartyId,
    };

    private static Rejection OutOfDomain(string field, string message) => Rejection.Of(RejectionCode.InvalidArgument, "OUT_OF_DOMAIN", message, field);
}
