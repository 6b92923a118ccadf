using System.Security.Cryptography;
using Accord.Grains.Abstractions.Agreements;
using Accord.Grains.Abstractions.Commitments;
using Accord.Protos.V1;

namespace Accord.Grains.Tests.Agreements;

[Collection(ClusterCollection.Name)]
public sealed class AgreementGrainTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Sign_CommitmentConditionalOnAllThree_PendingAfterTwoAndActiveOnTheThird()
    {
        using var parties = new Parties(3);
        var (agreementId, proposal) = parties[0].Proposal(cluster.Now, parties.All);
        await Agreement(agreementId).Propose(proposal);
        var commitmentId = await RegisterConditionalAsync(parties[0], Terms.AllOf(agreementId, parties.All));
        var attached = await Agreement(agreementId).AttachCommitment(commitmentId);

        var afterFirst = await SignAsync(parties[0], agreementId, proposal);
        var afterSecond = await SignAsync(parties[1], agreementId, proposal);
        var pendingAfterTwo = await Commitment(commitmentId).Get();
        var afterThird = await SignAsync(parties[2], agreementId, proposal);
        var activeAfterThree = await Commitment(commitmentId).Get();

        Assert.Null(attached.Rejection);
        Assert.Equal([commitmentId], attached.Value!.CommitmentIds);
        Assert.Null(afterFirst.Value!.ActivatedAt);
        Assert.Null(afterSecond.Value!.ActivatedAt);
        Assert.Equal(StoredCommitmentStatus.Pending, pendingAfterTwo!.Status);
        Assert.Equal([parties[0].Id, parties[1].Id], pendingAfterTwo.AgreementSigners);
        Assert.Equal(cluster.Now, afterThird.Value!.ActivatedAt);
        Assert.Equal(StoredCommitmentStatus.Active, activeAfterThree!.Status);
        Assert.Equal(cluster.Now, activeAfterThree.ActivatedAt);
        Assert.Equal(parties.All.Select(p => p.Id), activeAfterThree.AgreementSigners);
    }

    [Fact]
    public async Task Sign_TwoOfThreeThreshold_ActivatesOnTheSecondSignature()
    {
        using var parties = new Parties(3);
        var (agreementId, proposal) = parties[0].Proposal(cluster.Now, parties.All, threshold: 2);
        await Agreement(agreementId).Propose(proposal);
        var commitmentId = await RegisterConditionalAsync(parties[1], Terms.AtLeast(agreementId, 2));
        await Agreement(agreementId).AttachCommitment(commitmentId);

        var afterFirst = await SignAsync(parties[2], agreementId, proposal);
        var pendingAfterOne = await Commitment(commitmentId).Get();
        var afterSecond = await SignAsync(parties[0], agreementId, proposal);
        var activeAfterTwo = await Commitment(commitmentId).Get();

        Assert.Null(afterFirst.Value!.ActivatedAt);
        Assert.Equal(StoredCommitmentStatus.Pending, pendingAfterOne!.Status);
        Assert.Equal(cluster.Now, afterSecond.Value!.ActivatedAt);
        Assert.Equal(StoredCommitmentStatus.Active, activeAfterTwo!.Status);
    }

    [Fact]
    public async Task RegisterConditional_AfterConditionAlreadyMet_ActivatesAtOnceAndAttachIsIdempotent()
    {
        using var parties = new Parties(3);
        var (agreementId, proposal) = parties[0].Proposal(cluster.Now, parties.All, threshold: 2);
        await Agreement(agreementId).Propose(proposal);
        await SignAsync(parties[0], agreementId, proposal);
        await SignAsync(parties[1], agreementId, proposal);
        var commitmentId = await RegisterConditionalAsync(parties[2], Terms.AtLeast(agreementId, 2));
        var afterRegister = await Commitment(commitmentId).Get();

        var attachedAgain = await Agreement(agreementId).AttachCommitment(commitmentId);

        Assert.Equal(StoredCommitmentStatus.Active, afterRegister!.Status);
        Assert.Equal([commitmentId], attachedAgain.Value!.CommitmentIds);
        Assert.Equal(cluster.Snapshot(afterRegister), cluster.Snapshot(await Commitment(commitmentId).Get()));
    }

    [Fact]
    public async Task Sign_Twice_RefusedAsAlreadySignedAndNothingChanges()
    {
        using var parties = new Parties(3);
        var (agreementId, proposal) = parties[0].Proposal(cluster.Now, parties.All);
        await Agreement(agreementId).Propose(proposal);
        var commitmentId = await RegisterConditionalAsync(parties[0], Terms.AllOf(agreementId, parties.All));
        await Agreement(agreementId).AttachCommitment(commitmentId);
        await SignAsync(parties[0], agreementId, proposal);
        var (agreementBefore, commitmentBefore) = (await Agreement(agreementId).Get(), await Commitment(commitmentId).Get());

        var refused = await SignAsync(parties[0], agreementId, proposal);

        Assert.Equal("ALREADY_SIGNED", refused.Rejection?.Reason);
        Assert.Equal(RejectionCode.AlreadyExists, refused.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(agreementBefore), cluster.Snapshot(await Agreement(agreementId).Get()));
        Assert.Equal(cluster.Snapshot(commitmentBefore), cluster.Snapshot(await Commitment(commitmentId).Get()));
    }

    [Fact]
    public async Task Sign_ByNonParty_RefusedAsNotAPartyAndNothingChanges()
    {
        using var parties = new Parties(3);
        using var outsider = TestParty.Create("outsider");
        var (agreementId, proposal) = parties[0].Proposal(cluster.Now, parties.All);
        await Agreement(agreementId).Propose(proposal);
        await SignAsync(parties[0], agreementId, proposal);
        var before = await Agreement(agreementId).Get();

        var refused = await SignAsync(outsider, agreementId, proposal);

        Assert.Equal("NOT_A_PARTY", refused.Rejection?.Reason);
        Assert.Equal(RejectionCode.PermissionDenied, refused.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Agreement(agreementId).Get()));
    }

    [Fact]
    public async Task Sign_WrongDigest_RefusedAsTermsMismatchAndNothingChanges()
    {
        using var parties = new Parties(3);
        var (agreementId, proposal) = parties[0].Proposal(cluster.Now, parties.All);
        await Agreement(agreementId).Propose(proposal);
        await SignAsync(parties[0], agreementId, proposal);
        var before = await Agreement(agreementId).Get();
        var wrong = SHA256.HashData(proposal.Proposal.Payload);
        wrong[0] ^= 0x01;
        var (digest, signature) = parties[1].Signature(cluster.Now, agreementId, proposal.Proposal, wrong);

        var refused = await Agreement(agreementId).Sign(parties[1].Id, digest, signature);

        Assert.Equal("TERMS_MISMATCH", refused.Rejection?.Reason);
        Assert.Equal(RejectionCode.FailedPrecondition, refused.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Agreement(agreementId).Get()));
    }

    private IAgreementGrain Agreement(string id) => cluster.Grains.GetGrain<IAgreementGrain>(id);

    private ICommitmentGrain Commitment(string id) => cluster.Grains.GetGrain<ICommitmentGrain>(id);

    private Task<Outcome<AgreementState>> SignAsync(TestParty party, string agreementId, AgreementProposalCommand proposal)
    {
        var (digest, signature) = party.Signature(cluster.Now, agreementId, proposal.Proposal);
        return Agreement(agreementId).Sign(party.Id, digest, signature);
    }

    private async Task<string> RegisterConditionalAsync(TestParty owner, ActivationCondition condition)
    {
        var (id, statement) = owner.Statement(cluster.Now, Terms.PauseForMonths(6), condition);
        var registered = await Commitment(id).Register(owner.Id, statement);
        Assert.Null(registered.Rejection);
        return id;
    }

    /// <summary>Fresh parties to one agreement.</summary>
    private sealed class Parties(int count) : IDisposable
    {
        public IReadOnlyList<TestParty> All { get; } = [.. Enumerable.Range(0, count).Select(i => TestParty.Create($"party{i}"))];

        public TestParty this[int index] => All[index];

        public void Dispose()
        {
            foreach (var party in All)
            {
                party.Dispose();
            }
        }
    }
}
