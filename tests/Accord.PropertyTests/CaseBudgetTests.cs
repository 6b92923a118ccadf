using Accord.PropertyTests.Infrastructure;
using Xunit.Abstractions;

namespace Accord.PropertyTests;

public sealed class CaseBudgetTests(ITestOutputHelper output)
{
    [Fact]
    public void Total_EveryProperty_AtLeastOneHundredThousandCases()
    {
        output.WriteLine($"{CaseBudget.Total:N0} generated cases per run");
        Assert.True(CaseBudget.Total >= 100_000, $"only {CaseBudget.Total} cases");
    }
}
