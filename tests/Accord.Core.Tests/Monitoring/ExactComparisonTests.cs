using System.Numerics;
using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class ExactComparisonTests
{
    [Theory]
    [InlineData(0.5, 1, 2, 0)]
    [InlineData(0.1, 1, 10, 1)] // the double nearest 0.1 is slightly above 1/10
    [InlineData(0.3, 3, 10, -1)] // the double nearest 0.3 is slightly below 3/10
    [InlineData(0.0, 0, 1, 0)]
    [InlineData(-1.0, 0, 1, -1)]
    [InlineData(double.Epsilon, 0, 1, 1)]
    [InlineData(60.0, 600_000_000, 10_000_000, 0)]
    public void Compare_DoubleAgainstRatio_IsExactSign(double value, long numerator, long denominator, int expected)
    {
        // Act
        var sign = Math.Sign(ExactComparison.Compare(value, numerator, denominator));

        // Assert
        Assert.Equal(expected, sign);
    }

    [Fact]
    public void Compare_NegativeZero_EqualsZero()
    {
        Assert.Equal(0, ExactComparison.Compare(-0.0, 0, 1));
    }

    [Fact]
    public void Compare_HugeDouble_AgainstLargeRatio_IsExact()
    {
        // Arrange: 2^1000 against 2^1000 + 1 over 1.
        var value = Math.Pow(2, 1000);
        var ratio = BigInteger.Pow(2, 1000) + 1;

        // Act / Assert
        Assert.True(ExactComparison.Compare(value, ratio, 1) < 0);
        Assert.Equal(0, ExactComparison.Compare(value, BigInteger.Pow(2, 1000), 1));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Compare_NotFinite_ThrowsArgumentOutOfRange(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactComparison.Compare(value, 1, 1));
    }

    [Fact]
    public void FloorToDouble_OneThird_IsLargestDoubleNotAbove()
    {
        // Act
        var floor = ExactComparison.FloorToDouble(1, 3);

        // Assert
        Assert.True(ExactComparison.Compare(floor, 1, 3) < 0);
        Assert.True(ExactComparison.Compare(Math.BitIncrement(floor), 1, 3) > 0);
    }
}
