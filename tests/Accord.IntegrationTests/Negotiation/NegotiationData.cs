using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>The test domain (Data/ThreeLabs.json: compute cap, pause months, coverage; three labs) and request builders.</summary>
public static class NegotiationData
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AccordServerFixture, Task<TestParty>> Creators = [];

    /// <summary>The native JSON text of the ThreeLabs domain (parties FrontierLab, SafetyLab, OpenLab).</summary>
    public static string ThreeLabsJson { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Negotiation", "Data", "ThreeLabs.json"));

    /// <summary>The path of the ThreeLabs domain file.</summary>
    public static string ThreeLabsPath { get; } = Path.Combine(AppContext.BaseDirectory, "Negotiation", "Data", "ThreeLabs.json");

    public static SessionCreation ThreeLabs(string sessionId, params (string Agent, string PartyId)[] seats)
    {
        var request = new SessionCreation { SessionId = sessionId, DomainJson = ThreeLabsJson };
        request.Seats.AddRange(seats.Select(s => new Seat { Agent = s.Agent, PartyId = s.PartyId }));
        return request;
    }

    /// <summary>The lab that creates and runs the test sessions on <paramref name="server"/> (registered once per server).</summary>
    public static Task<TestParty> CreatorAsync(AccordServerFixture server) =>
        Creators.GetOrAdd(server, s => TestParty.RegisterAsync(s.Registry, "session-creator"));

    /// <summary>CreateSession, <paramref name="creation"/> signed by <paramref name="creator"/>.</summary>
    public static async Task<CreateSessionResponse> CreateSessionAsync(this NegotiationService.NegotiationServiceClient client, SessionCreation creation, TestParty creator)
    {
        creation.Header = RequestSigning.Header(creator.Id);
        return await client.CreateSessionAsync(new CreateSessionRequest { Envelope = creator.Sign(creation) });
    }

    /// <summary>RunSession, signed by <paramref name="runner"/>; with <paramref name="stop"/>, to stop the session.</summary>
    public static async Task<RunSessionResponse> RunSessionAsync(this NegotiationService.NegotiationServiceClient client, string sessionId, TestParty runner, bool stop = false) =>
        await client.RunSessionAsync(new RunSessionRequest { Envelope = runner.Sign(new SessionRun { Header = RequestSigning.Header(runner.Id), SessionId = sessionId, Stop = stop }) });

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
