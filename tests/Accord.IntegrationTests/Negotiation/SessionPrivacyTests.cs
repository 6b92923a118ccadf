using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using static Accord.IntegrationTests.Negotiation.NegotiationData;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>
/// A seat's utilities are its party's private preferences: a reader sees its own seats' utilities in the trace
/// and the outcome, NaN for everyone else's; an anonymous reader sees none, so no opponent's reservation value
/// can be read off a session.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SessionPrivacyTests(AccordServerFixture server)
{
    [Fact]
    public async Task GetAndWatchSession_EachSeatSeesOnlyItsOwnUtilities()
    {
        var (human, boulware, linear) = (await Lab("human"), await Lab("boul"), await Lab("lin"));
        var id = $"private-{Guid.NewGuid().ToString("N")[..8]}";
        await server.Negotiation.CreateSessionAsync(ThreeLabs(id, ("human", human.Id), ("boulware", boulware.Id), ("linear", linear.Id)), await NegotiationData.CreatorAsync(server));
        var turn = (await server.Negotiation.RunSessionAsync(id, await NegotiationData.CreatorAsync(server))).Session.Awaiting;
        var offer = new Dictionary<string, string> { ["compute_cap"] = "3e26", ["pause_months"] = "3", ["coverage"] = "0.8" };
        var moved = (await server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, turn, MoveKind.Offer, offer)) })).Session;
        var ended = (await server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, moved.Awaiting, MoveKind.End)) })).Session;

        // The mover sees its own seat (0) in its answers, no other.
        AssertOnlySeat(moved.Trace[0].Utilities, 0);
        AssertOnlySeat(ended.Outcome.Metrics.Utilities, 0);
        Assert.True(double.IsNaN(ended.Outcome.Metrics.Welfare));

        var anyone = (await server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id })).Session;
        var asBoulware = (await server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id, Reader = Reader(boulware) })).Session;
        var asHuman = (await server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id, Reader = Reader(human) })).Session;

        Assert.NotEmpty(anyone.Trace);
        Assert.All(anyone.Trace.Where(t => t.Utilities.Count > 0), t => Assert.All(t.Utilities, u => Assert.True(double.IsNaN(u))));
        Assert.All(anyone.Outcome.Metrics.Utilities, u => Assert.True(double.IsNaN(u)));
        Assert.All(anyone.Outcome.Metrics.Advantages, u => Assert.True(double.IsNaN(u)));
        Assert.All(asBoulware.Trace.Where(t => t.Utilities.Count > 0), t => AssertOnlySeat(t.Utilities, 1));
        Assert.All(asHuman.Trace.Where(t => t.Utilities.Count > 0), t => AssertOnlySeat(t.Utilities, 0));
        AssertOnlySeat(asBoulware.Outcome.Metrics.Utilities, 1);
        AssertOnlySeat(asBoulware.Outcome.Metrics.DiscountedUtilities, 1);

        // Everything else is the same for every reader: offers, actions, the deal.
        Assert.Equal(anyone.Trace.Select(t => string.Join(",", t.Offer) + t.Action), asHuman.Trace.Select(t => string.Join(",", t.Offer) + t.Action));

        // The watch stream hides the same way.
        using var watch = server.Negotiation.WatchSession(new WatchSessionRequest { SessionId = id, Reader = Reader(linear) });
        var moves = new List<SessionEvent>();
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            moves.Add(watch.ResponseStream.Current.Event);
        }

        Assert.Contains(moves, e => e.Move is { Utilities.Count: > 0 });
        Assert.All(moves.Where(e => e.Move is { Utilities.Count: > 0 }), e => AssertOnlySeat(e.Move.Utilities, 2));
    }

    private static void AssertOnlySeat(IEnumerable<double> utilities, int seat)
    {
        var values = utilities.ToList();
        for (var i = 0; i < values.Count; i++)
        {
            Assert.True(i == seat ? !double.IsNaN(values[i]) : double.IsNaN(values[i]), $"seat {i}: {values[i]}");
        }
    }

    private static Envelope Reader(TestParty party) => party.Sign(new SessionReader { Header = RequestSigning.Header(party.Id) });

    private Task<TestParty> Lab(string prefix) => TestParty.RegisterAsync(server.Registry, prefix);
}
