using Accord.Negotiation.Enforcement;

namespace Accord.Negotiation.Tests;

public sealed class InspectionGameTests
{
    [Fact]
    public void SamplingDetection_N100R10N10_MatchesHandComputation()
    {
        // 1 - C(90,10)/C(100,10) = 1 - (90/100)(89/99)(88/98)(87/97)(86/96)(85/95)(84/94)(83/93)(82/92)(81/91).
        var miss = (90.0 / 100) * (89.0 / 99) * (88.0 / 98) * (87.0 / 97) * (86.0 / 96) * (85.0 / 95) * (84.0 / 94) * (83.0 / 93) * (82.0 / 92) * (81.0 / 91);

        var p = InspectionGame.SamplingDetection(100, 10, 10);

        Assert.Equal(1 - miss, p, 14);
        Assert.Equal(0.669523788913275, p, 12);
    }

    [Theory]
    [InlineData(100, 10, 0, 0.0)]
    [InlineData(100, 0, 50, 0.0)]
    [InlineData(100, 10, 91, 1.0)]
    [InlineData(100, 1, 25, 0.25)]
    [InlineData(10, 2, 3, 1 - (8.0 * 7 * 6 / (10.0 * 9 * 8)))]
    public void SamplingDetection_EdgeAndSmallCases_MatchClosedForm(int fleet, int diverted, int sampled, double expected)
    {
        Assert.Equal(expected, InspectionGame.SamplingDetection(fleet, diverted, sampled), 12);
    }

    [Fact]
    public void SamplingDetection_HugeFleet_StaysStableAndSymmetric()
    {
        // C(N-r, n)/C(N, n) = C(N-n, r)/C(N, r): the two products agree; no overflow at N = 10^6.
        var a = InspectionGame.SamplingDetection(1_000_000, 1_000, 5_000);
        var b = InspectionGame.SamplingDetection(1_000_000, 5_000, 1_000);

        Assert.Equal(a, b, 12);
        Assert.InRange(a, 0.99, 1.0);
        Assert.Equal(1 - Math.Pow(1 - 1e-6, 1), InspectionGame.SamplingDetection(1_000_000, 1, 1), 15);
    }

    [Fact]
    public void IsSelfEnforcing_GainAboveExpectedPenalty_IsFalse()
    {
        Assert.True(InspectionGame.IsSelfEnforcing(0.10, 0.5, 0.2));
        Assert.False(InspectionGame.IsSelfEnforcing(0.11, 0.5, 0.2));
    }

    [Fact]
    public void NoticeSurvival_OneHalfLife_IsHalf()
    {
        Assert.Equal(0.5, InspectionGame.NoticeSurvival(168, 168), 15);
        Assert.Equal(1.0, InspectionGame.NoticeSurvival(0, 168), 15);
        Assert.Equal(10, InspectionGame.SampleSize(100, 0.1));
        Assert.Equal(99, InspectionGame.SampleSize(100, 0.99));
    }
}
