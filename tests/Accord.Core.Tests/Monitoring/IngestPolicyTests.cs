using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class IngestPolicyTests
{
    [Fact]
    public void Default_Values_AreFiveMinutesSixtySecondsAndThree()
    {
        // Act
        var policy = IngestPolicy.Default;

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(5), policy.MaxClockSkew);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.ReportInterval);
        Assert.Equal(3.0, policy.SilenceMultiple);
        Assert.Equal(TimeSpan.FromMinutes(3), policy.SilenceThreshold);
    }

    [Theory]
    [InlineData(-1L, 600_000_000L, 3.0)]
    [InlineData(TimeSpan.TicksPerDay + 1, 600_000_000L, 3.0)]
    [InlineData(0L, 0L, 3.0)]
    [InlineData(0L, -1L, 3.0)]
    [InlineData(0L, TimeSpan.TicksPerDay + 1, 3.0)]
    [InlineData(0L, 600_000_000L, 0.999)]
    [InlineData(0L, 600_000_000L, 1000.001)]
    [InlineData(0L, 600_000_000L, double.NaN)]
    [InlineData(0L, 600_000_000L, double.PositiveInfinity)]
    public void Constructor_OutOfRange_ThrowsArgumentOutOfRange(long skewTicks, long intervalTicks, double multiple)
    {
        // Act
        var act = () => new IngestPolicy(TimeSpan.FromTicks(skewTicks), TimeSpan.FromTicks(intervalTicks), multiple);

        // Assert
        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    [Fact]
    public void Constructor_LargestValues_ThresholdFits()
    {
        // Act
        var policy = new IngestPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(1), 1000);

        // Assert
        Assert.Equal(TimeSpan.FromDays(1000), policy.SilenceThreshold);
    }
}
