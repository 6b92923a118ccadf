using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>The test domain (Data/ThreeLabs.json: compute cap, pause months, coverage; three labs) and request builders.</summary>
public static class NegotiationData
{
    /// <summary>The native JSON text of the ThreeLabs domain (parties FrontierLab, SafetyLab, OpenLab).</summary>
    public static string ThreeLabsJson { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Negotiation", "Data", "ThreeLabs.json"));

    /// <summary>The path of the ThreeLabs domain file.</summary>
    public static string ThreeLabsPath { get; } = Path.Combine(AppContext.BaseDirectory, "Negotiation", "Data", "ThreeLabs.json");

    public static CreateSessionRequest ThreeLabs(string sessionId, params (string Agent, string PartyId)[] seats)
    {
        var request = new CreateSessionRequest { SessionId = sessionId, DomainJson = ThreeLabsJson };
        request.Seats.AddRange(seats.Select(s => new Seat { Agent = s.Agent, PartyId = s.PartyId }));
        return request;
    }

    public static NegotiationMove Move(TestParty party, string sessionId, AwaitedMove turn, MoveKind kind, IDictionary<string, string>? offer = null, uint? seat = null) =>
        Move(party.Id, sessionId, seat ?? turn.Seat, turn.Step, kind, offer);

    public static NegotiationMove Move(string partyId, string sessionId, uint seat, uint step, MoveKind kind, IDictionary<string, string>? offer = null)
    {
        var move = new NegotiationMove { Header = RequestSigning.Header(partyId), SessionId = sessionId, Seat = seat, Step = step, Kind = kind };
        if (offer is not null)
        {
            move.Offer.Add(offer);
        }

        return move;
    }
}
