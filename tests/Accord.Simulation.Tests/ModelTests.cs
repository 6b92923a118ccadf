using Accord.Simulation.Models;

namespace Accord.Simulation.Tests;

public sealed class ModelTests
{
    [Fact]
    public void Threshold_GainOneSanctionFour_IsPointTwo() =>
        Assert.Equal(0.2, InspectionModel.Threshold(gain: 1, sanction: 4, falseAlarmLoss: 0, falseAlarmRate: 0), 12);

    [Fact]
    public void Threshold_FalseAlarms_RaiseTheBar() =>
        Assert.Equal((1 + (2 * 0.05)) / 5, InspectionModel.Threshold(1, 4, 2, 0.05), 12);

    [Fact]
    public void Sampling_TenPercentThreeSampledLargeFleet_Is0271()
    {
        Assert.Equal(0.271, InspectionModel.SamplingLargeFleet(0.1, 3), 12);
        Assert.Equal(0.271, InspectionModel.Sampling(10_000_000, 1_000_000, 3), 6);
    }

    [Fact]
    public void Sampling_SmallFleet_IsHypergeometric() =>
        Assert.Equal(1 - (90.0 * 89 * 88 / (100.0 * 99 * 98)), InspectionModel.Sampling(100, 10, 3), 12);

    [Fact]
    public void SamplesNeeded_NinetyPercentAtTenPercent_Is22()
    {
        Assert.Equal(22, InspectionModel.SamplesNeeded(0.1, 0.9));
        Assert.True(InspectionModel.SamplingLargeFleet(0.1, 21) < 0.9);
    }

    [Fact]
    public void Assess_ManyInspections_SelfEnforcing()
    {
        var d = InspectionModel.Assess(fleet: 1000, diverted: 100, sampled: 3, inspections: 4, gain: 1, sanction: 4);
        Assert.Equal(0.2, d.Threshold, 12);
        Assert.True(d.SelfEnforcing);
        Assert.False(InspectionModel.Assess(1000, 10, 3, 1, 1, 4).SelfEnforcing);
    }

    [Theory]
    [InlineData(2, 1.0, 1.0, 0.50)]
    [InlineData(5, 1.0, 1.0, 0.80)]
    [InlineData(2, 3.0, 1.0, 0.0)]
    public void DisasterProbability_NoInformation_MatchesPaper(int n, double mu, double e, double expected) =>
        Assert.Equal(expected, RaceModel.DisasterProbability(new RaceParameters(n, mu, e)), 12);

    [Fact]
    public void UnderAgreement_VerifiedTeamsMerge_LowersRisk()
    {
        var race = new RaceParameters(5, 1.0, 1.0);
        var capped = RaceModel.UnderAgreement(race, verifiedTeams: 4, CapEffect.MergeVerifiedTeams);
        Assert.Equal(2, capped.Teams);
        Assert.Equal(0.50, RaceModel.DisasterProbability(capped), 12);
        Assert.Equal(0.0, RaceModel.DisasterProbability(RaceModel.UnderAgreement(race, 5, CapEffect.MergeVerifiedTeams)), 12);
    }

    [Fact]
    public void UnderAgreement_ShrinkSpread_RaisesRisk() =>
        Assert.Equal(0.9, RaceModel.DisasterProbability(RaceModel.UnderAgreement(new RaceParameters(5, 1, 1), 5, CapEffect.ShrinkCapabilitySpread, 0.5)), 12);

    [Fact]
    public void Compare_Defaults_AgreementLengthensSweetSpot()
    {
        var result = SafetyFeedbackModel.Compare(new SafetyFeedbackParameters(), FeedbackAgreement.CapsOnly);
        Assert.True(result.Without.SweetSpotYears > 0);
        Assert.True(result.With.SweetSpotYears > result.Without.SweetSpotYears);
        Assert.Equal(26, result.Without.Points[0].C, 12);
    }

    [Fact]
    public void Run_NoLabour_GrowsAtHardwareTimesAlgorithms()
    {
        var p = new SafetyFeedbackParameters(CapabilityLabourGain: 0, Horizon: 1, HelpThreshold: 100);
        var end = SafetyFeedbackModel.Run(p, agreement: null).Points[^1].C;
        Assert.Equal(26 + Math.Log10(4.5 * 3), end, 9);
    }

    [Fact]
    public void Run_PauseWindow_CompliantFrontierStandsStillWhileSafetyGrows()
    {
        var p = new SafetyFeedbackParameters(OutsideGapOom: 100);
        var paused = new FeedbackAgreement(Capped: true, PauseFromYear: 1, PauseToYear: 2);

        var points = SafetyFeedbackModel.Run(p, paused).Points;

        var atStart = points.First(q => q.Year >= 1);
        var atEnd = points.Last(q => q.Year < 2);
        Assert.Equal(atStart.C, atEnd.C, 12);
        Assert.True(atEnd.S > atStart.S);
    }

    [Fact]
    public void Of_PauseTerms_PauseWindowInYearsAndCapsSeen()
    {
        var terms = new AgreementTerms(RunCapFlop: 1e25, Pause: new PauseTerms(StartDay: 73, Months: 12));

        var seen = FeedbackAgreement.Of(terms);

        Assert.True(seen.Capped);
        Assert.Equal(0.2, seen.PauseFromYear, 12);
        Assert.Equal(0.2 + (365.0 / 365), seen.PauseToYear, 12);
        Assert.False(FeedbackAgreement.Of(new AgreementTerms()).Capped);
    }
}
