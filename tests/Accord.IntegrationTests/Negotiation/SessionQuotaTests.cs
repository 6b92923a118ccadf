using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>
/// Bounded work per caller: sessions are created signed, by a registered party, and count against its quota of sessions
/// and of domain bytes; only the creator or a seated party runs a session.
/// </summary>
public sealed class SessionQuotaTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new()
    {
        Configure = o =>
        {
            o.Negotiation.MaxSessionsPerParty = 2;
            o.Negotiation.MaxSessionBytesPerParty = 7000;
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task CreateSession_Unsigned_OrByAnUnregisteredKey_Refused()
    {
        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "INVALID_ARGUMENT",
            () => _server.Negotiation.CreateSessionAsync(new CreateSessionRequest()).ResponseAsync);

        var stranger = new TestParty(_server.Registry, "stranger-" + Guid.NewGuid().ToString("N")[..8], PartyRole.Lab);
        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "UNKNOWN_PARTY",
            () => _server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(Id(), ("boulware", "a"), ("linear", "b"), ("conceder", "c")), stranger));
    }

    [Fact]
    public async Task CreateSession_PastTheSessionCount_RefusedSessionQuota_ARefusedSessionCostsNothing()
    {
        var creator = await TestParty.RegisterAsync(_server.Registry, "busy");
        var malformed = new SessionCreation { SessionId = Id(), DomainJson = "{ not json" };
        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "MALFORMED_DOMAIN", () => _server.Negotiation.CreateSessionAsync(malformed, creator));

        // The domain is 2,938 bytes: two fit in the 7,000-byte quota, and the count of two is reached too.
        await _server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(Id(), ("boulware", "a"), ("linear", "b"), ("conceder", "c")), creator);
        await _server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(Id(), ("boulware", "a"), ("linear", "b"), ("conceder", "c")), creator);
        var third = NegotiationData.ThreeLabs(Id(), ("boulware", "a"), ("linear", "b"), ("conceder", "c"));

        var e = await Refusals.AssertRefusedAsync(StatusCode.ResourceExhausted, "SESSION_QUOTA", () => _server.Negotiation.CreateSessionAsync(third, creator));

        Assert.Contains("has created 2 sessions", e.Status.Detail, StringComparison.Ordinal);
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_SESSION", () => _server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = third.SessionId }).ResponseAsync);

        // Another party's quota is its own.
        var other = await TestParty.RegisterAsync(_server.Registry, "calm");
        Assert.Equal(other.Id, (await _server.Negotiation.CreateSessionAsync(third, other)).Session.CreatedBy);
    }

    [Fact]
    public async Task CreateSession_PastTheDomainBytes_RefusedWithTheSizes()
    {
        var creator = await TestParty.RegisterAsync(_server.Registry, "wordy");
        var padded = NegotiationData.ThreeLabs(Id(), ("boulware", "a"), ("linear", "b"), ("conceder", "c"));
        padded.DomainJson = padded.DomainJson.TrimEnd() + new string(' ', 4500);

        var e = await Refusals.AssertRefusedAsync(StatusCode.ResourceExhausted, "SESSION_QUOTA", () => _server.Negotiation.CreateSessionAsync(padded, creator));

        Assert.Contains("would pass the 7,000", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunSession_ByAStranger_RefusedNotPermitted_ByASeatedPartyRuns()
    {
        var creator = await TestParty.RegisterAsync(_server.Registry, "host");
        var seated = await TestParty.RegisterAsync(_server.Registry, "seated");
        var stranger = await TestParty.RegisterAsync(_server.Registry, "outsider");
        var id = Id();
        await _server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(id, ("boulware", seated.Id), ("linear", "b"), ("conceder", "c")), creator);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_PERMITTED", () => _server.Negotiation.RunSessionAsync(id, stranger));
        Assert.Equal(SessionStatus.Created, (await _server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id })).Session.Status);

        var run = (await _server.Negotiation.RunSessionAsync(id, seated)).Session;

        Assert.Equal(SessionStatus.Finished, run.Status);
        Assert.Equal(creator.Id, run.CreatedBy);
    }

    [Fact]
    public async Task StopSession_WaitingForAHuman_EndsStopped_AStrangerCannot_AStoppedSessionNeverRunsAgain()
    {
        var creator = await TestParty.RegisterAsync(_server.Registry, "chair");
        var human = await TestParty.RegisterAsync(_server.Registry, "delegate");
        var stranger = await TestParty.RegisterAsync(_server.Registry, "heckler");
        var waiting = Id();
        await _server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(waiting, ("human", human.Id), ("boulware", "b"), ("linear", "c")), creator);
        Assert.Equal(SessionStatus.AwaitingMove, (await _server.Negotiation.RunSessionAsync(waiting, creator)).Session.Status);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_PERMITTED", () => _server.Negotiation.RunSessionAsync(waiting, stranger, stop: true));
        var stopped = (await _server.Negotiation.RunSessionAsync(waiting, human, stop: true)).Session;

        Assert.Equal(SessionStatus.Failed, stopped.Status);
        Assert.Equal($"STOPPED: party '{human.Id}' stopped the session", stopped.Error);
        Assert.Equal(SessionStatus.Failed, (await _server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = waiting })).Session.Status);

        var unrun = Id();
        await _server.Negotiation.CreateSessionAsync(NegotiationData.ThreeLabs(unrun, ("boulware", "a"), ("linear", "b"), ("conceder", "c")), creator);
        Assert.Equal(SessionStatus.Failed, (await _server.Negotiation.RunSessionAsync(unrun, creator, stop: true)).Session.Status);
        var after = (await _server.Negotiation.RunSessionAsync(unrun, creator)).Session;
        Assert.Equal(SessionStatus.Failed, after.Status);
        Assert.Empty(after.Trace);
    }

    private static string Id() => "q-" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>A session's agents may compute for a bounded time; past it the session fails with TIME_BOX and the server is free again.</summary>
public sealed class SessionTimeBoxTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new() { Configure = o => o.Negotiation.MaxComputeTime = TimeSpan.Zero };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RunSession_PastTheComputeTime_FailsTimeBox()
    {
        var creator = await TestParty.RegisterAsync(_server.Registry, "long");
        var id = "tb-" + Guid.NewGuid().ToString("N")[..10];
        var creation = NegotiationData.ThreeLabs(id, ("boulware", "a"), ("boulware", "b"), ("boulware", "c"));
        creation.Options = new NegotiationSettings { Rounds = 10_000, Seed = 3 };
        await _server.Negotiation.CreateSessionAsync(creation, creator);

        var run = (await _server.Negotiation.RunSessionAsync(id, creator)).Session;

        Assert.Equal(SessionStatus.Failed, run.Status);
        Assert.StartsWith("TIME_BOX: the session's agents computed for more than 0 s", run.Error, StringComparison.Ordinal);
        var stored = (await _server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id })).Session;
        Assert.Equal(SessionStatus.Failed, stored.Status);
    }
}
