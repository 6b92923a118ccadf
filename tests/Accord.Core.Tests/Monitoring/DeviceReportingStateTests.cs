using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class DeviceReportingStateTests
{
    private static readonly DateTimeOffset LastEnd = Reports.LastEnd;
    private static readonly MissingEvidence Gap = new(7, 3, 4, LastEnd.AddHours(-1), LastEnd.AddMinutes(-58), MissingEvidenceKinds.SequenceGap);

    [Fact]
    public void ForEpoch_WithLastEnd_StartsEmptyAtSequenceZero()
    {
        // Act
        var state = DeviceReportingState.ForEpoch(9, LastEnd);

        // Assert
        Assert.Equal(new DeviceReportingState(9, 0, LastEnd, 0, 0, 0, []), state);
    }

    [Fact]
    public void StartEpoch_NewerEpoch_KeepsTotalsGapsAndLastEnd()
    {
        // Arrange
        var state = new DeviceReportingState(7, 41, LastEnd, 41, 1e18, 2460, [Gap]);

        // Act
        var next = state.StartEpoch(8);

        // Assert
        Assert.Equal(new DeviceReportingState(8, 0, LastEnd, 41, 1e18, 2460, [Gap]), next);
    }

    [Theory]
    [InlineData(7UL)]
    [InlineData(6UL)]
    public void StartEpoch_SameOrOlderEpoch_ThrowsArgumentOutOfRange(ulong epoch)
    {
        // Act
        var act = () => Reports.State.StartEpoch(epoch);

        // Assert
        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    [Fact]
    public void Equals_EqualGapsInDifferentLists_IsTrueWithSameHash()
    {
        // Arrange
        var a = new DeviceReportingState(7, 41, LastEnd, 41, 1e18, 2460, [Gap]);
        var b = new DeviceReportingState(7, 41, LastEnd, 41, 1e18, 2460, new List<MissingEvidence> { Gap with { } });

        // Act / Assert
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentGaps_IsFalse()
    {
        // Arrange
        var a = new DeviceReportingState(7, 41, LastEnd, 41, 1e18, 2460, [Gap]);
        var b = a with { Gaps = [Gap with { LastSequence = 5 }] };

        // Act / Assert
        Assert.NotEqual(a, b);
    }
}
