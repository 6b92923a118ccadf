using Accord.Core.Commitments;

namespace Accord.Core.Tests.Commitments;

public sealed class CommitmentLifecycleTests
{
    private static readonly DateTimeOffset End = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-1L, CommitmentStatus.Active)]
    [InlineData(0L, CommitmentStatus.Fulfilled)]
    [InlineData(1L, CommitmentStatus.Fulfilled)]
    public void Effective_ActiveAroundItsEnd_FulfilledFromTheEndOn(long ticksFromEnd, CommitmentStatus expected)
    {
        Assert.Equal(expected, CommitmentLifecycle.Effective(CommitmentStatus.Active, End, End.AddTicks(ticksFromEnd)));
    }

    [Theory]
    [InlineData(CommitmentStatus.Pending)]
    [InlineData(CommitmentStatus.Withdrawn)]
    [InlineData(CommitmentStatus.Breached)]
    [InlineData(CommitmentStatus.Fulfilled)]
    public void Effective_NotActivePastEnd_KeepsStoredStatus(CommitmentStatus stored)
    {
        Assert.Equal(stored, CommitmentLifecycle.Effective(stored, End, End.AddYears(1)));
    }

    [Fact]
    public void Effective_ActiveWithoutFixedEnd_StaysActive()
    {
        Assert.Equal(CommitmentStatus.Active, CommitmentLifecycle.Effective(CommitmentStatus.Active, null, DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData(CommitmentStatus.Pending, true)]
    [InlineData(CommitmentStatus.Active, true)]
    [InlineData(CommitmentStatus.Withdrawn, false)]
    [InlineData(CommitmentStatus.Fulfilled, false)]
    [InlineData(CommitmentStatus.Breached, false)]
    public void CanWithdraw_ByStatus_OnlyPendingOrActive(CommitmentStatus effective, bool expected)
    {
        Assert.Equal(expected, CommitmentLifecycle.CanWithdraw(effective));
    }

    [Theory]
    [InlineData(CommitmentStatus.Pending)]
    [InlineData(CommitmentStatus.Active)]
    public void CanAttest_NamedInspectorExactCondition_IsAllowed(CommitmentStatus effective)
    {
        var allowed = CommitmentLifecycle.CanAttest(Samples.PauseUntilAttested, effective, "aisi", "ASL-3 safeguards are in place", out var reason);

        Assert.True(allowed);
        Assert.Equal(string.Empty, reason);
    }

    [Theory]
    [InlineData("aisi-2", "ASL-3 safeguards are in place", "only inspector 'aisi'")]
    [InlineData("lab-a", "ASL-3 safeguards are in place", "only inspector 'aisi'")]
    [InlineData("aisi", "ASL-3 safeguards are in place.", "exactly")]
    [InlineData("aisi", "asl-3 safeguards are in place", "exactly")]
    [InlineData("aisi", " ASL-3 safeguards are in place", "exactly")]
    public void CanAttest_OtherInspectorOrInexactCondition_IsRefused(string inspector, string condition, string reasonPart)
    {
        var allowed = CommitmentLifecycle.CanAttest(Samples.PauseUntilAttested, CommitmentStatus.Active, inspector, condition, out var reason);

        Assert.False(allowed);
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CommitmentStatus.Withdrawn)]
    [InlineData(CommitmentStatus.Fulfilled)]
    [InlineData(CommitmentStatus.Breached)]
    public void CanAttest_ClosedCommitment_IsRefused(CommitmentStatus effective)
    {
        var allowed = CommitmentLifecycle.CanAttest(Samples.PauseUntilAttested, effective, "aisi", "ASL-3 safeguards are in place", out var reason);

        Assert.False(allowed);
        Assert.Contains(effective.ToString().ToLowerInvariant(), reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CanAttest_AnyTermsWithoutAttestedEnd_IsRefused()
    {
        var others = Samples.AllKinds.Where(t => t is not PauseWindow { End: PauseUntilAttested });

        Assert.All(others, terms =>
        {
            Assert.False(CommitmentLifecycle.CanAttest(terms, CommitmentStatus.Active, "aisi", "ASL-3 safeguards are in place", out var reason));
            Assert.NotEmpty(reason);
        });
    }
}
