using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;
using static Accord.IntegrationTests.Negotiation.NegotiationData;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>Human seats: moves are envelopes signed by the seat's registry party, checked against the turn and the domain.</summary>
[Collection(ServerCollection.Name)]
public sealed class HumanSeatTests(AccordServerFixture server)
{
    [Fact]
    public async Task SubmitMove_HumanSeat_RefusesOthersAndBadMovesThenAdvances()
    {
        var (human, boulware, linear) = (await Lab("human"), await Lab("boul"), await Lab("lin"));
        var id = Id("human");
        await server.Negotiation.CreateSessionAsync(ThreeLabs(id, ("human", human.Id), ("boulware", boulware.Id), ("linear", linear.Id)), await NegotiationData.CreatorAsync(server));
        var waiting = (await server.Negotiation.RunSessionAsync(id, await NegotiationData.CreatorAsync(server))).Session;
        var turn = waiting.Awaiting;
        var offer = new Dictionary<string, string> { ["compute_cap"] = "3e26", ["pause_months"] = "3", ["coverage"] = "0.8" };

        Assert.Equal(SessionStatus.AwaitingMove, waiting.Status);
        Assert.Equal((0u, human.Id, 0u, TurnKind.Propose), (turn.Seat, turn.PartyId, turn.Step, turn.Kind));
        Assert.Empty(turn.CurrentOffer);

        // Another registered party moving for the seat.
        await Refused(StatusCode.PermissionDenied, "NOT_SEAT_OWNER", boulware.Sign(Move(boulware, id, turn, MoveKind.Offer, offer)));
        // The seat's party named, but signed with another party's key.
        await Refused(StatusCode.Unauthenticated, "UNKNOWN_KEY", boulware.Sign(Move(human, id, turn, MoveKind.Offer, offer)));
        // Values outside the domain.
        var e = await Refused(StatusCode.InvalidArgument, "OUT_OF_DOMAIN", human.Sign(Move(human, id, turn, MoveKind.Offer, new Dictionary<string, string>(offer) { ["coverage"] = "42%" })));
        Assert.Equal(["offer[\"coverage\"]"], Refusals.ViolatedFields(e));
        await Refused(StatusCode.InvalidArgument, "OUT_OF_DOMAIN", human.Sign(Move(human, id, turn, MoveKind.Offer, new Dictionary<string, string>(offer) { ["sanction"] = "1" })));
        await Refused(StatusCode.InvalidArgument, "OUT_OF_DOMAIN", human.Sign(Move(human, id, turn, MoveKind.Offer, new Dictionary<string, string> { ["compute_cap"] = "1e26" })));
        // Moves the turn does not allow.
        await Refused(StatusCode.FailedPrecondition, "ILLEGAL_MOVE", human.Sign(Move(human, id, turn, MoveKind.Accept)));
        await Refused(StatusCode.FailedPrecondition, "WRONG_STEP", human.Sign(Move(human.Id, id, 0, 5, MoveKind.Offer, offer)));
        await Refused(StatusCode.FailedPrecondition, "NOT_A_HUMAN_SEAT", boulware.Sign(Move(boulware.Id, id, 1, 0, MoveKind.Offer, offer)));
        await Refused(StatusCode.InvalidArgument, "INVALID_ARGUMENT", human.Sign(Move(human, id, turn, MoveKind.Unspecified)));
        // Drafting an agreement while the session waits for the human is refused, and does not block it.
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "SESSION_NOT_OVER",
            () => server.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest { SessionId = id, AgreementId = Id("early") }).ResponseAsync);
        var unchanged = (await server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id })).Session;
        Assert.Equal(SessionStatus.AwaitingMove, unchanged.Status);
        Assert.Empty(unchanged.Trace);

        var moved = await server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, turn, MoveKind.Offer, offer)) });

        var session = moved.Session;
        Assert.NotNull(moved.Receipt);
        Assert.Equal(SessionStatus.AwaitingMove, session.Status);
        Assert.Equal((0u, 3u, 1u), (session.Awaiting.Seat, session.Awaiting.Step, session.Awaiting.Round));
        Assert.Equal(3, session.Trace.Count);
        Assert.Equal(("human", TraceAction.Offer), (session.Trace[0].Agent, session.Trace[0].Action));
        Assert.Equal(new[] { "3e26", "3", "80%" }, session.Trace[0].Offer);

        var ended = (await server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, session.Awaiting, MoveKind.End)) })).Session;

        Assert.Equal(SessionStatus.Finished, ended.Status);
        Assert.False(ended.Outcome.Agreement);
        Assert.Equal("ended by FrontierLab", ended.Outcome.EndReason);
        await Refused(StatusCode.FailedPrecondition, "SESSION_OVER", human.Sign(Move(human, id, session.Awaiting, MoveKind.End)));
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "NO_AGREEMENT",
            () => server.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest { SessionId = id, AgreementId = Id("none") }).ResponseAsync);
    }

    [Fact]
    public async Task SubmitMove_MediatedHumanSeat_ReviewsTextsUntilAgreement()
    {
        var (human, b, c) = (await Lab("mh"), await Lab("mb"), await Lab("mc"));
        var id = Id("mediated");
        var create = ThreeLabs(id, ("human", human.Id), ("boulware", b.Id), ("boulware", c.Id));
        create.Options = new NegotiationSettings { Protocol = NegotiationProtocol.Mediated };
        await server.Negotiation.CreateSessionAsync(create, await NegotiationData.CreatorAsync(server));
        var session = (await server.Negotiation.RunSessionAsync(id, await NegotiationData.CreatorAsync(server))).Session;

        Assert.Equal(TurnKind.Review, session.Awaiting.Kind);
        Assert.Equal(3, session.Awaiting.CurrentOffer.Count);
        Assert.Equal(-1, session.Awaiting.CurrentProposer);
        await Refused(StatusCode.FailedPrecondition, "ILLEGAL_MOVE",
            human.Sign(Move(human, id, session.Awaiting, MoveKind.Offer, new Dictionary<string, string> { ["compute_cap"] = "1e26", ["pause_months"] = "3", ["coverage"] = "80%" })));

        var moves = 0;
        while (session.Status == SessionStatus.AwaitingMove)
        {
            session = (await server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, session.Awaiting, MoveKind.Accept)) })).Session;
            moves++;
        }

        Assert.Equal(SessionStatus.Finished, session.Status);
        Assert.True(session.Outcome.Agreement);
        Assert.Equal(session.Outcome.Metrics.Rounds, (uint)moves);
        Assert.All(session.Trace.Where(t => t.Party == 0), t => Assert.Equal(("human", TraceAction.Accept), (t.Agent, t.Action)));
        Assert.Equal(session.Trace.Last(t => t.Party == -1).Offer, session.Outcome.Deal);
    }

    private async Task<RpcException> Refused(StatusCode code, string reason, Envelope envelope) =>
        await Refusals.AssertRefusedAsync(code, reason, () => server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = envelope }).ResponseAsync);

    private Task<TestParty> Lab(string prefix) => TestParty.RegisterAsync(server.Registry, prefix);

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
