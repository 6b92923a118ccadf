using Accord.Core.Commitments;

namespace Accord.Core.Tests.Commitments;

public sealed class CommitmentScheduleTests
{
    private static readonly DateTimeOffset ActivatedAt = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EndsAt_FixedEnd_IsThatTime()
    {
        Assert.Equal(Samples.Start.AddYears(1), CommitmentSchedule.EndsAt(Samples.PauseEndsAt, ActivatedAt));
    }

    [Fact]
    public void EndsAt_MonthsWithoutStart_CountsFromActivation()
    {
        Assert.Equal(new DateTimeOffset(2026, 9, 15, 12, 0, 0, TimeSpan.Zero), CommitmentSchedule.EndsAt(Samples.PauseForMonths, ActivatedAt));
    }

    [Fact]
    public void EndsAt_MonthsWithStart_CountsFromStart()
    {
        var terms = Samples.PauseForMonths with { StartsAt = Samples.Start };

        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero), CommitmentSchedule.EndsAt(terms, ActivatedAt));
    }

    [Fact]
    public void EndsAt_MonthsFromMonthEnd_ClampsToShorterMonth()
    {
        var terms = Samples.PauseForMonths with { StartsAt = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), End = new PauseForMonths(1) };

        Assert.Equal(new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.Zero), CommitmentSchedule.EndsAt(terms, ActivatedAt));
    }

    [Fact]
    public void EndsAt_MonthsPastTheCalendar_IsMaxValueNotAnException()
    {
        var terms = Samples.PauseForMonths with { StartsAt = new DateTimeOffset(9999, 6, 1, 0, 0, 0, TimeSpan.Zero), End = new PauseForMonths(600) };

        Assert.Equal(DateTimeOffset.MaxValue, CommitmentSchedule.EndsAt(terms, ActivatedAt));
    }

    [Fact]
    public void EndsAt_UntilAttested_IsNull()
    {
        Assert.Null(CommitmentSchedule.EndsAt(Samples.PauseUntilAttested, ActivatedAt));
    }

    [Fact]
    public void EndsAt_EveryNonPauseKind_IsNull()
    {
        var nonPauses = Samples.AllKinds.Where(t => t is not PauseWindow);

        Assert.All(nonPauses, terms => Assert.Null(CommitmentSchedule.EndsAt(terms, ActivatedAt)));
    }
}
