using Accord.Core.Commitments;
using Accord.Core.Compliance;
using static Accord.Core.Tests.Compliance.Scenario;

namespace Accord.Core.Tests.Compliance;

public sealed class PauseAndNoticeTests
{
    private const double Threshold = 1e20;

    private static readonly DateTimeOffset PauseStart = T0.AddHours(1);

    private static ComplianceLedger PauseLedger() =>
        Ledger(Commitment("pause", new PauseWindow(Threshold, PauseStart, new PauseEndsAt(PauseStart.AddHours(1)), null)));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Ingest_RunAtOrOneFlopAboveScopeInsideWindow_HoldsAtScopeBreachesAbove(bool oneAbove, bool breached)
    {
        // Arrange: the run accrues its compute before the window, then one more report inside it.
        var ledger = PauseLedger();
        ledger.Ingest(Report("gpu-1", "run-1", 0, Threshold / 2), T0);

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 60, oneAbove ? Math.BitIncrement(Threshold) - (Threshold / 2) : Threshold / 2), PauseStart);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        if (breached)
        {
            Assert.Equal(ComplianceRules.Pause, violations[0].Rule);
            Assert.Equal(Threshold / 2 + (Math.BitIncrement(Threshold) - Threshold), violations[0].Measured, 0);
        }
    }

    [Fact]
    public void Ingest_LargeRunEndingAtWindowStart_Holds()
    {
        // Arrange
        var ledger = PauseLedger();

        // Act: the report's interval ends exactly where the window starts (both half-open).
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 59, 10 * Threshold), PauseStart);

        // Assert
        Assert.Empty(violations);
    }

    [Fact]
    public void Ingest_RunCrossesScopeAfterAccruingInsideWindow_Breaches()
    {
        // Arrange: small compute inside the window, then the run grows past the scope after it ends.
        var ledger = PauseLedger();
        var inside = ledger.Ingest(Report("gpu-1", "run-1", 70, 1e6), PauseStart);

        // Act
        var after = ledger.Ingest(Report("gpu-1", "run-1", 180, 2 * Threshold), PauseStart.AddHours(3));

        // Assert
        Assert.Empty(inside);
        var v = Assert.Single(after);
        Assert.Equal(1e6, v.Measured);
        Assert.Contains("inside the pause window", v.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_PauseUntilAttested_BindsUntilRelease()
    {
        // Arrange: scope 0 pauses every run; released (attested) at T0 + 2h.
        var terms = new PauseWindow(0, null, new PauseUntilAttested("aisi", "safeguards in place"), "ASL-3");
        var ledger = Ledger(Commitment("pause", terms, T0, T0.AddHours(2)));

        // Act
        var afterRelease = ledger.Ingest(Report("gpu-1", "run-2", 120, 1e20), T0.AddHours(3));
        var idle = ledger.Ingest(Report("gpu-1", "run-1", 60, 0), T0.AddHours(3));
        var before = ledger.Ingest(Report("gpu-1", "run-1", 61, 1), T0.AddHours(3));

        // Assert
        Assert.Empty(afterRelease);
        Assert.Empty(idle);
        Assert.Single(before);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Ingest_NoticeSignedExactlyOrOneTickLessThanPeriodBefore_HoldsOrBreaches(long ticksLate, bool breached)
    {
        // Arrange: 7 days' notice before crossing 1e20; the crossing report ends at T0 + 1 min.
        var ledger = Ledger(Commitment("notify", new NotifyTraining(Threshold, TimeSpan.FromDays(7), NoticeTiming.BeforeThreshold, true, "gov", Bf16)));
        var crossing = T0.AddMinutes(1);
        ledger.AddNotice(new TrainingNotice("run-1", Threshold, crossing.AddDays(-7).AddTicks(ticksLate), Evidence()), T0.AddDays(-8));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, Math.BitIncrement(Threshold)), crossing);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        if (breached)
        {
            Assert.Equal(ComplianceRules.NoticeBeforeThreshold, violations[0].Rule);
        }
    }

    [Fact]
    public void Ingest_RunAtThresholdWithoutNotice_Holds()
    {
        // Arrange
        var ledger = Ledger(Commitment("notify", new NotifyTraining(Threshold, TimeSpan.Zero, NoticeTiming.BeforeThreshold, false, null, Bf16)));

        // Act
        var at = ledger.Ingest(Report("gpu-1", "run-1", 0, Threshold), T0);
        var above = ledger.Ingest(Report("gpu-1", "run-1", 1, 1), T0);

        // Assert: 1e20 + 1 rounds to 1e20, so still at the threshold; then one ulp more crosses.
        Assert.Empty(at);
        Assert.Empty(above);
        Assert.Single(ledger.Ingest(Report("gpu-1", "run-1", 2, Math.BitIncrement(Threshold) - Threshold), T0));
    }

    [Fact]
    public void Ingest_NoticeBelowThreshold_DoesNotCount()
    {
        // Arrange: the notice announces less than the threshold, so it is not a notice of crossing it.
        var ledger = Ledger(Commitment("notify", new NotifyTraining(Threshold, TimeSpan.FromDays(1), NoticeTiming.BeforeThreshold, true, null, Bf16)));
        ledger.AddNotice(new TrainingNotice("run-1", Math.BitDecrement(Threshold), T0.AddDays(-2), Evidence()), T0.AddDays(-2));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Threshold), T0);

        // Assert
        Assert.Single(violations);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Tick_AfterThresholdDeadlineLapses_RaisesOnlyStrictlyAfterIt(long ticksPast, bool breached)
    {
        // Arrange: 14 days after crossing; the crossing report ends at T0 + 1 min; gpu-1 idles until the deadline.
        var ledger = Ledger(["gpu-1"], Commitment("notify", new NotifyTraining(Threshold, TimeSpan.FromDays(14), NoticeTiming.AfterThreshold, true, "eu-ai-office", Bf16)));
        var due = T0.AddMinutes(1).AddDays(14);
        Assert.Empty(ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Threshold), T0.AddMinutes(1)));
        Assert.Empty(ledger.Ingest(Report("gpu-1", string.Empty, (due - T0).TotalMinutes - 1, 0), due));

        // Act
        var violations = ledger.Tick(due.AddTicks(ticksPast), NoLastEnds);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        if (!breached)
        {
            Assert.Contains("due within", ledger.Evaluation("notify", due).Why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddNotice_SignedAtDeadline_SatisfiesAfterThreshold()
    {
        // Arrange: gpu-1 trains, then idles until the evaluation.
        var ledger = Ledger(["gpu-1"], Commitment("notify", new NotifyTraining(Threshold, TimeSpan.FromDays(14), NoticeTiming.AfterThreshold, false, null, Bf16)));
        var due = T0.AddMinutes(1).AddDays(14);
        ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Threshold), T0.AddMinutes(1));

        // Act
        var onTime = ledger.AddNotice(new TrainingNotice("run-1", 2 * Threshold, due, Evidence()), due);
        var later = ledger.Tick(due.AddDays(30), NoLastEnds);
        ledger.Ingest(Report("gpu-1", string.Empty, (due.AddDays(30) - T0).TotalMinutes - 1, 0), due.AddDays(30));

        // Assert
        Assert.Empty(onTime);
        Assert.Empty(later);
        Assert.Equal(ComplianceState.Holds, ledger.Evaluation("notify", due.AddDays(30)).State);
    }

    [Fact]
    public void AddNotice_SignedAfterDeadline_RaisesOverdue()
    {
        // Arrange
        var ledger = Ledger(Commitment("notify", new NotifyTraining(Threshold, TimeSpan.FromDays(14), NoticeTiming.AfterThreshold, false, null, Bf16)));
        var due = T0.AddMinutes(1).AddDays(14);
        ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Threshold), T0.AddMinutes(1));

        // Act
        var late = ledger.AddNotice(new TrainingNotice("run-1", 2 * Threshold, due.AddTicks(1), Evidence()), due.AddTicks(1));

        // Assert
        Assert.Equal(ComplianceRules.NoticeAfterThreshold, Assert.Single(late).Rule);
    }

    [Fact]
    public void Ingest_AnticipatoryNoticeBeforeTraining_SatisfiesAfterThreshold()
    {
        // Arrange: notice signed a month before the run starts, expecting 5e20.
        var ledger = Ledger(Commitment("notify", new NotifyTraining(Threshold, TimeSpan.Zero, NoticeTiming.AfterThreshold, true, null, Bf16)));
        ledger.AddNotice(new TrainingNotice("run-1", 5 * Threshold, T0.AddDays(-30), Evidence()), T0.AddDays(-30));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Threshold), T0.AddMinutes(1))
            .Concat(ledger.Tick(T0.AddDays(1), NoLastEnds)).ToList();

        // Assert
        Assert.Empty(violations);
    }
}
