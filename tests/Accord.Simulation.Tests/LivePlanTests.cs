using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Simulation.Tests;

public sealed class LivePlanTests
{
    private static readonly DateTimeOffset Now = new(2031, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Scenario Year = new(
        "year",
        [
            new Party("a", [new Fleet(DeviceModel.B200, 8_000, GrowthPerYear: 2.5)]),
            new Party("b", [new Fleet(DeviceModel.H100Sxm, 20_000, Shards: 2)], new Behaviour(Strategy.SplitRun, FromDay: 30)),
        ],
        new AgreementTerms(RunCapFlop: 1e25, Band: new BandTerms(1e23, 1e25), Pause: new PauseTerms(90, 6, 1e24)),
        HorizonDays: 365);

    [Fact]
    public void Make_YearOfHourlyReports_DailyReportsWithinTheSkewAndThePhysicalLimit()
    {
        var plan = LivePlan.Make(Year, seed: 2, Now);

        Assert.Equal(1440, plan.Scenario.ReportIntervalMinutes);
        Assert.Equal(365, plan.Trace.Steps);
        Assert.Equal(TimeSpan.FromMilliseconds(547), plan.PerInterval);
        Assert.True(plan.RealTime(plan.Trace.Steps) - Now <= TimeSpan.FromSeconds(200));
        var limit = ReportIngestRules.PhysicalLimitFlop(LivePlan.EnrolledModel, Precision.Bf16, plan.PerInterval);
        Assert.All(plan.Trace.Reports, r => Assert.True(r.Flop * plan.FlopScale <= limit));
        Assert.Equal(3 * 365, plan.Trace.Reports.Count);
    }

    [Fact]
    public void Make_Terms_ScaledByTheFlopScaleAndThePauseOnTheRealClock()
    {
        var plan = LivePlan.Make(Year, seed: 2, Now);

        Assert.Equal(1e25 * plan.FlopScale, plan.Terms.RunCapFlop);
        Assert.Equal(new BandTerms(1e23 * plan.FlopScale, 1e25 * plan.FlopScale), plan.Terms.Band);
        Assert.Equal(plan.RealTime(90), plan.Terms.Pause!.StartsAt);
        var end = SimulationRunner.Start.AddDays(90).AddMonths(6);
        Assert.Equal(plan.RealTime((int)(end - SimulationRunner.Start).TotalDays), plan.Terms.Pause.EndsAt);
        Assert.Equal(1e24 * plan.FlopScale, plan.Terms.Pause.ScopeMinFlop);
    }

    [Fact]
    public void At_LaterStart_MovesThePauseAndKeepsTheTrace()
    {
        var plan = LivePlan.Make(Year, seed: 2, Now);

        var later = plan.At(Now.AddSeconds(30));

        Assert.Same(plan.Trace, later.Trace);
        Assert.Equal(plan.Terms.Pause!.StartsAt.AddSeconds(30), later.Terms.Pause!.StartsAt);
        Assert.Equal(plan.Terms.RunCapFlop, later.Terms.RunCapFlop);
    }

    [Fact]
    public void SimulatedRules_SplitRun_RunCapFoundOnlyForTheCheater()
    {
        var plan = LivePlan.Make(Year with { HorizonDays = 60 }, seed: 2, Now);

        Assert.Contains("run-cap", plan.SimulatedRules("b"));
        Assert.Empty(plan.SimulatedRules("a"));
    }
}
