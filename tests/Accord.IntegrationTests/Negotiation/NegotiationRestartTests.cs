using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using static Accord.IntegrationTests.Negotiation.NegotiationData;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>A restarted server brings a session waiting on a human back to the same turn (by replaying the recorded moves) and keeps finished ones.</summary>
public sealed class NegotiationRestartTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Restart_HumanSessionMidway_ReplaysToTheSameTurnAndContinues()
    {
        var human = await TestParty.RegisterAsync(_server.Registry, "rh");
        var id = "restart-human";
        await _server.Negotiation.CreateSessionAsync(ThreeLabs(id, ("human", human.Id), ("boulware", "lab-b"), ("conceder", "lab-c")), await NegotiationData.CreatorAsync(_server));
        var turn = (await _server.Negotiation.RunSessionAsync(id, await NegotiationData.CreatorAsync(_server))).Session.Awaiting;
        var offer = new Dictionary<string, string> { ["compute_cap"] = "1e26", ["pause_months"] = "3", ["coverage"] = "80%" };
        var before = (await _server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, turn, MoveKind.Offer, offer)) })).Session;
        var finishedId = "restart-finished";
        await _server.Negotiation.CreateSessionAsync(ThreeLabs(finishedId, ("boulware", "lab-a"), ("linear", "lab-b"), ("conceder", "lab-c")), await NegotiationData.CreatorAsync(_server));
        var finished = (await _server.Negotiation.RunSessionAsync(finishedId, await NegotiationData.CreatorAsync(_server))).Session;

        await _server.RestartAsync();
        var after = (await _server.Negotiation.RunSessionAsync(id, await NegotiationData.CreatorAsync(_server))).Session;
        var finishedAfter = (await _server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = finishedId })).Session;

        Assert.Equal(SessionStatus.AwaitingMove, after.Status);
        Assert.Equal(before.Awaiting, after.Awaiting);
        // Read as the human seat's party, as the move's answer was: its own utilities shown, the others' hidden.
        var afterAsHuman = (await _server.Negotiation.GetSessionAsync(new GetSessionRequest
        {
            SessionId = id,
            Reader = human.Sign(new SessionReader { Header = Accord.Client.RequestSigning.Header(human.Id) }),
        })).Session;
        Assert.Equal(before.Trace, afterAsHuman.Trace);
        Assert.Equal(before.EventCount, after.EventCount);
        finishedAfter.Outcome.Metrics.ElapsedSeconds = finished.Outcome.Metrics.ElapsedSeconds;
        Assert.Equal(finished, finishedAfter);

        var next = (await _server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = human.Sign(Move(human, id, after.Awaiting, MoveKind.End)) })).Session;
        Assert.Equal(SessionStatus.Finished, next.Status);
        Assert.Equal(before.Trace, next.Trace.Take(before.Trace.Count));
    }
}
