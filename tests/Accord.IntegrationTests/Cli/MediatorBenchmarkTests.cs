using Accord.Bench;

namespace Accord.IntegrationTests.Cli;

public sealed class MediatorBenchmarkTests
{
    [Fact]
    public void Run_MediatorBenchmarkSmall_ReturnsFrontierAndNash()
    {
        var r = MediatorBenchmark.Run(parties: 3, issues: 3, outcomesApprox: 1000, seed: 1);

        Assert.Equal(1000, r.Outcomes);
        Assert.True(r.Exact);
        Assert.True(r.FrontierSize > 0);
        Assert.NotNull(r.Nash);
        Assert.Equal(3, r.NashUtilities!.Count);
    }
}
