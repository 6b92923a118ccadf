using Accord.Grains.Abstractions.Commitments;

namespace Accord.Grains.Tests.Commitments;

[Collection(ClusterCollection.Name)]
public sealed class CommitmentGrainTests(ClusterFixture cluster)
{
    private const string Condition = "ASL-3 safeguards are in place";

    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task Register_UnconditionalSixMonthPause_ActiveUntilSixMonthsFromActivation()
    {
        using var lab = TestParty.Create("lab");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        var activatedAt = cluster.Now;

        var registered = await Commitment(id).Register(lab.Id, statement);

        Assert.Null(registered.Rejection);
        Assert.Equal(StoredCommitmentStatus.Active, registered.Value!.Status);
        Assert.Equal(activatedAt, registered.Value.ActivatedAt);
        Assert.Equal(activatedAt.AddMonths(6), registered.Value.EndsAt);
        Assert.Null(registered.Value.ClosedAt);
    }

    [Fact]
    public async Task Get_SixMonthPauseOneTickBeforeItsEnd_StillActive()
    {
        using var lab = TestParty.Create("lab");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        var endsAt = (await Commitment(id).Register(lab.Id, statement)).Value!.EndsAt!.Value;
        cluster.Time.SetUtcNow(endsAt - Tick);

        var current = await Commitment(id).Get();

        Assert.Equal(StoredCommitmentStatus.Active, current!.Status);
        Assert.Null(current.ClosedAt);
    }

    [Fact]
    public async Task Get_SixMonthPauseAtItsEnd_Fulfilled()
    {
        using var lab = TestParty.Create("lab");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        var endsAt = (await Commitment(id).Register(lab.Id, statement)).Value!.EndsAt!.Value;
        cluster.Time.SetUtcNow(endsAt - Tick);
        var justBefore = await Commitment(id).Get();
        cluster.Time.Advance(Tick);

        var atEnd = await Commitment(id).Get();

        Assert.Equal(StoredCommitmentStatus.Active, justBefore!.Status);
        Assert.Equal(StoredCommitmentStatus.Fulfilled, atEnd!.Status);
        Assert.Equal(endsAt, atEnd.ClosedAt);
    }

    [Fact]
    public async Task Withdraw_ByOwner_Withdrawn()
    {
        using var lab = TestParty.Create("lab");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        await Commitment(id).Register(lab.Id, statement);
        var withdrawal = lab.Withdrawal(cluster.Now, id);

        var withdrawn = await Commitment(id).Withdraw(lab.Id, withdrawal);

        Assert.Null(withdrawn.Rejection);
        Assert.Equal(StoredCommitmentStatus.Withdrawn, withdrawn.Value!.Status);
        Assert.Equal(cluster.Now, withdrawn.Value.ClosedAt);
        Assert.Equal(withdrawal.Payload, withdrawn.Value.Withdrawal!.Payload);
        Assert.Equal(StoredCommitmentStatus.Withdrawn, (await Commitment(id).Get())!.Status);
    }

    [Fact]
    public async Task Withdraw_Twice_SecondRefusedAsNotWithdrawable()
    {
        using var lab = TestParty.Create("lab");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        await Commitment(id).Register(lab.Id, statement);
        await Commitment(id).Withdraw(lab.Id, lab.Withdrawal(cluster.Now, id));
        var before = await Commitment(id).Get();

        var second = await Commitment(id).Withdraw(lab.Id, lab.Withdrawal(cluster.Now, id));

        Assert.Equal("NOT_WITHDRAWABLE", second.Rejection?.Reason);
        Assert.Equal(RejectionCode.FailedPrecondition, second.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Commitment(id).Get()));
    }

    [Fact]
    public async Task Withdraw_ByAnotherParty_RefusedAsNotOwner()
    {
        using var lab = TestParty.Create("lab");
        using var rival = TestParty.Create("rival");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        await Commitment(id).Register(lab.Id, statement);
        var before = await Commitment(id).Get();

        var refused = await Commitment(id).Withdraw(rival.Id, rival.Withdrawal(cluster.Now, id));

        Assert.Equal("NOT_OWNER", refused.Rejection?.Reason);
        Assert.Equal(RejectionCode.PermissionDenied, refused.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Commitment(id).Get()));
    }

    [Fact]
    public async Task Withdraw_AfterTermEnded_RefusedAsNotWithdrawable()
    {
        using var lab = TestParty.Create("lab");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseForMonths(6));
        var endsAt = (await Commitment(id).Register(lab.Id, statement)).Value!.EndsAt!.Value;
        cluster.Time.SetUtcNow(endsAt);
        var before = await Commitment(id).Get();

        var refused = await Commitment(id).Withdraw(lab.Id, lab.Withdrawal(cluster.Now, id));

        Assert.Equal(StoredCommitmentStatus.Fulfilled, before!.Status);
        Assert.Equal("NOT_WITHDRAWABLE", refused.Rejection?.Reason);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Commitment(id).Get()));
    }

    [Fact]
    public async Task Attest_ByNamedInspectorWithExactCondition_Fulfilled()
    {
        using var lab = TestParty.Create("lab");
        using var inspector = TestParty.Create("inspector");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseUntilAttested(inspector.Id, Condition));
        var registered = await Commitment(id).Register(lab.Id, statement);
        var attestation = inspector.Attestation(cluster.Now, id, Condition);

        var attested = await Commitment(id).Attest(inspector.Id, Condition, attestation);

        Assert.Equal(StoredCommitmentStatus.Active, registered.Value!.Status);
        Assert.Null(registered.Value.EndsAt);
        Assert.Null(attested.Rejection);
        Assert.Equal(StoredCommitmentStatus.Fulfilled, attested.Value!.Status);
        Assert.Equal(cluster.Now, attested.Value.ClosedAt);
        Assert.Equal(attestation.Payload, attested.Value.Attestation!.Payload);
        Assert.Equal(StoredCommitmentStatus.Fulfilled, (await Commitment(id).Get())!.Status);
    }

    [Fact]
    public async Task Attest_ByAnotherInspector_RefusedAsNotNamedInspector()
    {
        using var lab = TestParty.Create("lab");
        using var inspector = TestParty.Create("inspector");
        using var other = TestParty.Create("other-inspector");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseUntilAttested(inspector.Id, Condition));
        await Commitment(id).Register(lab.Id, statement);
        var before = await Commitment(id).Get();

        var refused = await Commitment(id).Attest(other.Id, Condition, other.Attestation(cluster.Now, id, Condition));

        Assert.Equal("NOT_NAMED_INSPECTOR", refused.Rejection?.Reason);
        Assert.Equal(RejectionCode.PermissionDenied, refused.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Commitment(id).Get()));
    }

    [Theory]
    [InlineData("ASL-3 safeguards are in place.")]
    [InlineData("asl-3 safeguards are in place")]
    [InlineData("")]
    public async Task Attest_ConditionNotRepeatedExactly_RefusedAsNotAttestable(string condition)
    {
        using var lab = TestParty.Create("lab");
        using var inspector = TestParty.Create("inspector");
        var (id, statement) = lab.Statement(cluster.Now, Terms.PauseUntilAttested(inspector.Id, Condition));
        await Commitment(id).Register(lab.Id, statement);
        var before = await Commitment(id).Get();

        var refused = await Commitment(id).Attest(inspector.Id, condition, inspector.Attestation(cluster.Now, id, condition));

        Assert.Equal("NOT_ATTESTABLE", refused.Rejection?.Reason);
        Assert.Equal(RejectionCode.FailedPrecondition, refused.Rejection!.Code);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Commitment(id).Get()));
    }

    [Fact]
    public async Task Attest_NonAttestableKind_RefusedAsNotAttestable()
    {
        using var lab = TestParty.Create("lab");
        using var inspector = TestParty.Create("inspector");
        var (id, statement) = lab.Statement(cluster.Now, Terms.TrainingRunCap());
        await Commitment(id).Register(lab.Id, statement);
        var before = await Commitment(id).Get();

        var refused = await Commitment(id).Attest(inspector.Id, Condition, inspector.Attestation(cluster.Now, id, Condition));

        Assert.Equal("NOT_ATTESTABLE", refused.Rejection?.Reason);
        Assert.Equal(cluster.Snapshot(before), cluster.Snapshot(await Commitment(id).Get()));
    }

    private ICommitmentGrain Commitment(string id) => cluster.Grains.GetGrain<ICommitmentGrain>(id);
}
