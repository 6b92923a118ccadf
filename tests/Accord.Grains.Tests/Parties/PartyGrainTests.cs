using Accord.Core.Requests;
using Accord.Grains.Abstractions.Parties;

namespace Accord.Grains.Tests.Parties;

[Collection(ClusterCollection.Name)]
public sealed class PartyGrainTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task Register_NewParty_StoresItAndListsItInTheDirectory()
    {
        using var alice = TestParty.Create("alice");
        using var bob = TestParty.Create("bob");

        var registeredAlice = await Party(alice).Register(alice.Registration(cluster.Now));
        var registeredBob = await Party(bob).Register(bob.Registration(cluster.Now));
        var listed = await cluster.Grains.GetGrain<IPartyDirectoryGrain>(IPartyDirectoryGrain.Key).List();

        Assert.Null(registeredAlice.Rejection);
        Assert.Null(registeredBob.Rejection);
        Assert.Equal(alice.Id, registeredAlice.Value!.PartyId);
        Assert.Equal(cluster.Now, registeredAlice.Value.RegisteredAt);
        Assert.Equal(alice.Key.PublicKey.ToBytes(), Assert.Single(registeredAlice.Value.PublicKeys));
        Assert.Contains(alice.Id, listed);
        Assert.Contains(bob.Id, listed);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Register_Twice_RefusedAsPartyExists()
    {
        using var alice = TestParty.Create("alice");
        await Party(alice).Register(alice.Registration(cluster.Now));
        var before = await Party(alice).Get();

        var second = await Party(alice).Register(alice.Registration(cluster.Now));

        Assert.Equal("PARTY_EXISTS", second.Rejection?.Reason);
        Assert.Equal(RejectionCode.AlreadyExists, second.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Party(alice).Get()));
    }

    [Fact]
    public async Task Get_UnknownParty_ReturnsNull()
    {
        using var nobody = TestParty.Create("nobody");

        var party = await Party(nobody).Get();

        Assert.Null(party);
    }

    [Fact]
    public async Task AcceptRequest_UnknownParty_RefusedAsUnknownParty()
    {
        using var nobody = TestParty.Create("nobody");

        var rejection = await Party(nobody).AcceptRequest(cluster.Now, RequestFreshness.NewNonce());

        Assert.Equal("UNKNOWN_PARTY", rejection?.Reason);
        Assert.Equal(RejectionCode.Unauthenticated, rejection!.Code);
    }

    [Fact]
    public async Task AcceptRequest_FreshNonce_AcceptedAndRemembered()
    {
        using var alice = await RegisteredAsync("alice");
        var nonce = RequestFreshness.NewNonce();

        var rejection = await Party(alice).AcceptRequest(cluster.Now, nonce);

        Assert.Null(rejection);
        Assert.Equal(cluster.Now, (await Party(alice).Get())!.RecentNonces[nonce]);
    }

    [Fact]
    public async Task AcceptRequest_SameNonceTwice_SecondRefusedAsReplayedNonce()
    {
        using var alice = await RegisteredAsync("alice");
        var nonce = RequestFreshness.NewNonce();
        await Party(alice).AcceptRequest(cluster.Now, nonce);
        var before = await Party(alice).Get();

        var rejection = await Party(alice).AcceptRequest(cluster.Now, nonce);

        Assert.Equal("REPLAYED_NONCE", rejection?.Reason);
        Assert.Equal(RejectionCode.AlreadyExists, rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Party(alice).Get()));
    }

    [Fact]
    public async Task AcceptRequest_AfterClockPassesTheSkewWindow_PrunesOldNoncesAndRefusesTheirTimestampAsStale()
    {
        using var alice = await RegisteredAsync("alice");
        var issuedAt = cluster.Now;
        var oldNonce = RequestFreshness.NewNonce();
        await Party(alice).AcceptRequest(issuedAt, oldNonce);
        cluster.Time.Advance(cluster.MaxClockSkew + Tick);
        var newNonce = RequestFreshness.NewNonce();

        var fresh = await Party(alice).AcceptRequest(cluster.Now, newNonce);
        var kept = (await Party(alice).Get())!.RecentNonces;
        var replayOfOld = await Party(alice).AcceptRequest(issuedAt, oldNonce);

        Assert.Null(fresh);
        Assert.Equal([newNonce], kept.Keys);
        Assert.Equal("STALE_REQUEST", replayOfOld?.Reason);
        Assert.Equal(RejectionCode.FailedPrecondition, replayOfOld!.Code);
    }

    [Fact]
    public async Task AcceptRequest_ExactlyMaxSkewOld_Accepted()
    {
        using var alice = await RegisteredAsync("alice");

        var rejection = await Party(alice).AcceptRequest(cluster.Now - cluster.MaxClockSkew, RequestFreshness.NewNonce());

        Assert.Null(rejection);
    }

    [Fact]
    public async Task AcceptRequest_OneTickOlderThanMaxSkew_RefusedAsStaleRequest()
    {
        using var alice = await RegisteredAsync("alice");
        var before = await Party(alice).Get();

        var rejection = await Party(alice).AcceptRequest(cluster.Now - cluster.MaxClockSkew - Tick, RequestFreshness.NewNonce());

        Assert.Equal("STALE_REQUEST", rejection?.Reason);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Party(alice).Get()));
    }

    [Fact]
    public async Task AcceptRequest_ExactlyMaxSkewAhead_Accepted()
    {
        using var alice = await RegisteredAsync("alice");

        var rejection = await Party(alice).AcceptRequest(cluster.Now + cluster.MaxClockSkew, RequestFreshness.NewNonce());

        Assert.Null(rejection);
    }

    [Fact]
    public async Task AcceptRequest_OneTickFurtherAheadThanMaxSkew_RefusedAsFutureRequest()
    {
        using var alice = await RegisteredAsync("alice");

        var rejection = await Party(alice).AcceptRequest(cluster.Now + cluster.MaxClockSkew + Tick, RequestFreshness.NewNonce());

        Assert.Equal("FUTURE_REQUEST", rejection?.Reason);
    }

    private IPartyGrain Party(TestParty party) => cluster.Grains.GetGrain<IPartyGrain>(party.Id);

    private async Task<TestParty> RegisteredAsync(string name)
    {
        var party = TestParty.Create(name);
        var registered = await Party(party).Register(party.Registration(cluster.Now));
        Assert.Null(registered.Rejection);
        return party;
    }
}
