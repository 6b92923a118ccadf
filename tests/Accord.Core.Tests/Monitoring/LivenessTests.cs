using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class LivenessTests
{
    private static readonly DateTimeOffset LastEnd = Reports.LastEnd;

    // Default policy: 3 x 60 s. At exactly the threshold the device is not yet silent.
    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    [InlineData(TimeSpan.TicksPerDay, true)]
    public void SilentSince_AroundThreshold_SilentOnlyStrictlyPastIt(long ticksPastThreshold, bool silent)
    {
        // Arrange
        var now = LastEnd.AddSeconds(180).AddTicks(ticksPastThreshold);

        // Act
        var since = Liveness.SilentSince(LastEnd, now, IngestPolicy.Default);

        // Assert: when silent, always the same instant however late it is noticed.
        Assert.Equal(silent ? LastEnd.AddSeconds(180) : null, since);
    }

    [Fact]
    public void SilentSince_NeverReported_IsNull()
    {
        Assert.Null(Liveness.SilentSince(null, DateTimeOffset.MaxValue, IngestPolicy.Default));
    }

    [Fact]
    public void SilentSince_NowBeforeLastEnd_IsNull()
    {
        Assert.Null(Liveness.SilentSince(LastEnd, LastEnd.AddMinutes(-10), IngestPolicy.Default));
    }

    [Fact]
    public void SilentSince_FractionalMultiple_UsesIntervalTimesMultiple()
    {
        // Arrange: 2.5 x 40 s = 100 s, exact in ticks.
        var policy = IngestPolicy.Default with { ReportInterval = TimeSpan.FromSeconds(40), SilenceMultiple = 2.5 };

        // Act
        var atThreshold = Liveness.SilentSince(LastEnd, LastEnd.AddSeconds(100), policy);
        var past = Liveness.SilentSince(LastEnd, LastEnd.AddSeconds(100).AddTicks(1), policy);

        // Assert
        Assert.Null(atThreshold);
        Assert.Equal(LastEnd.AddSeconds(100), past);
    }

    [Fact]
    public void SilentSince_LastEndNearMaxValue_DoesNotOverflow()
    {
        // Act
        var since = Liveness.SilentSince(DateTimeOffset.MaxValue.AddMinutes(-1), DateTimeOffset.MaxValue, IngestPolicy.Default);

        // Assert
        Assert.Null(since);
    }

    [Fact]
    public void ClosedSilence_ResumedPastThreshold_RunsFromSilentSinceToResumedStart()
    {
        // Arrange
        var start = LastEnd.AddMinutes(30);
        var resumed = Reports.Next with { IntervalStart = start, IntervalEnd = start.AddSeconds(60) };

        // Act
        var silence = Liveness.ClosedSilence(Reports.State, resumed, IngestPolicy.Default);

        // Assert
        Assert.Equal(new MissingEvidence(Reports.Epoch, 41, 42, LastEnd.AddSeconds(180), start, MissingEvidenceKinds.Silent), silence);
    }

    [Fact]
    public void ClosedSilence_ResumedExactlyAtThreshold_IsNull()
    {
        // Arrange
        var start = LastEnd.AddSeconds(180);
        var resumed = Reports.Next with { IntervalStart = start, IntervalEnd = start.AddSeconds(60) };

        // Act
        var silence = Liveness.ClosedSilence(Reports.State, resumed, IngestPolicy.Default);

        // Assert
        Assert.Null(silence);
    }

    [Fact]
    public void ClosedSilence_NeverReported_IsNull()
    {
        // Act
        var silence = Liveness.ClosedSilence(DeviceReportingState.ForEpoch(1, null), Reports.Next with { BootEpoch = 1, Sequence = 1 }, IngestPolicy.Default);

        // Assert
        Assert.Null(silence);
    }

    [Fact]
    public void ClosedSilence_AcrossReboot_RecordsLastSequenceZero()
    {
        // Arrange: the device rebooted into epoch 8 after a long outage.
        var state = Reports.State.StartEpoch(8);
        var start = LastEnd.AddHours(2);
        var resumed = Reports.Next with { BootEpoch = 8, Sequence = 1, IntervalStart = start, IntervalEnd = start.AddSeconds(60) };

        // Act
        var silence = Liveness.ClosedSilence(state, resumed, IngestPolicy.Default);

        // Assert
        Assert.Equal(new MissingEvidence(8, 0, 1, LastEnd.AddSeconds(180), start, MissingEvidenceKinds.Silent), silence);
    }
}
