using Accord.Core.Commitments;
using Accord.Core.Compliance;
using static Accord.Core.Tests.Compliance.Scenario;

namespace Accord.Core.Tests.Compliance;

public sealed class CoverageAndBandTests
{
    private static readonly string[] Declared = ["gpu-1", "gpu-2", "gpu-3"];

    private static readonly TimeSpan Lateness = ComplianceOptions.Default.Lateness;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Tick_TwoOfThreeReport_HoldsAtShareBreachesOneUlpAbove(bool shareOneUlpAbove, bool breached)
    {
        // Arrange: 2/3 as a double is just below two thirds, so it holds; the next double is above and breaches.
        var share = shareOneUlpAbove ? Math.BitIncrement(2.0 / 3) : 2.0 / 3;
        var ledger = Ledger(Declared, Commitment("cov", new MonitoringCoverage(share, TimeSpan.FromHours(1))));
        ledger.Ingest(Report("gpu-1", "run-1", 10, 1e15), T0.AddMinutes(11));
        ledger.Ingest(Report("gpu-2", string.Empty, 59, 0), T0.AddHours(1));

        // Act
        var violations = ledger.Tick(T0.AddHours(1) + Lateness, NoLastEnds);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
    }

    [Fact]
    public void Tick_HiddenDeviceDeclaredButSilent_FailsCoverageAndNamesIt()
    {
        // Arrange: full coverage required; gpu-3 is declared but never reports.
        var ledger = Ledger(Declared, Commitment("cov", new MonitoringCoverage(1, TimeSpan.FromHours(1))));
        ledger.Ingest(Report("gpu-1", "run-1", 0, 1e15), T0.AddMinutes(1));
        ledger.Ingest(Report("gpu-2", "run-1", 0, 1e15), T0.AddMinutes(1));
        var lastEnds = new Dictionary<string, DateTimeOffset?> { ["gpu-3"] = T0.AddDays(-2) };

        // Act
        var early = ledger.Tick(T0.AddHours(1) + Lateness - TimeSpan.FromTicks(1), lastEnds);
        var closed = ledger.Tick(T0.AddHours(1) + Lateness, lastEnds);
        var again = ledger.Tick(T0.AddHours(1) + Lateness, lastEnds);

        // Assert
        Assert.Empty(early);
        var v = Assert.Single(closed);
        Assert.Equal(ComplianceRules.Coverage, v.Rule);
        Assert.Equal(2.0 / 3, v.Measured);
        Assert.Equal("window 2030-01-01T00:00:00Z/2030-01-01T01:00:00Z", v.Subject);
        Assert.Contains("'gpu-3' (last report ended 2029-12-30T00:00:00Z)", v.Explanation, StringComparison.Ordinal);
        Assert.Empty(again);
        Assert.Equal(ComplianceState.Breached, ledger.Evaluation("cov").State);
    }

    [Fact]
    public void Tick_DeviceHeardOnlyThroughLastReportEnd_Counts()
    {
        // Arrange: gpu-3's report was not given to the ledger, but its device state says it ended inside the window.
        var ledger = Ledger(Declared, Commitment("cov", new MonitoringCoverage(1, TimeSpan.FromHours(1))));
        ledger.Ingest(Report("gpu-1", "run-1", 0, 1e15), T0);
        ledger.Ingest(Report("gpu-2", "run-1", 0, 1e15), T0);
        var lastEnds = new Dictionary<string, DateTimeOffset?> { ["gpu-3"] = T0.AddHours(1) };

        // Act
        var violations = ledger.Tick(T0.AddHours(1) + Lateness, lastEnds);

        // Assert
        Assert.Empty(violations);
    }

    [Fact]
    public void Evaluate_NoDeclaredDevices_CoverageNotVerifiable()
    {
        // Arrange
        var ledger = Ledger(Commitment("cov", new MonitoringCoverage(0.9, TimeSpan.FromHours(1))));

        // Act
        var evaluation = ledger.Evaluation("cov");

        // Assert
        Assert.Equal(ComplianceState.NotVerifiable, evaluation.State);
        Assert.Contains("declared no devices", evaluation.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Ingest_RunWithUndeclaredPeerAtOrOneFlopAboveBandMin_HoldsOrBreaches(int ulpsAbove, bool breached)
    {
        // Arrange: band (1e20, 1e22]; gpu-1 is declared, its peer "rogue" is not.
        var ledger = Ledger(["gpu-1"], Commitment("band", new MonitoredBand(1e20, 1e22)));
        var flop = ulpsAbove == 0 ? 1e20 : Math.BitIncrement(1e20);

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, flop, ["gpu-1", "rogue"]), T0);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        if (breached)
        {
            Assert.Contains(Convert.ToHexStringLower(Hash("rogue")), violations[0].Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ingest_RunInBandWithDeclaredPeers_Holds()
    {
        // Arrange
        var ledger = Ledger(["gpu-1", "gpu-2"], Commitment("band", new MonitoredBand(1e20, 1e22)));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, 1e21, ["gpu-1", "gpu-2"]), T0);

        // Assert
        Assert.Empty(violations);
        Assert.Equal(ComplianceState.Holds, ledger.Evaluation("band", T0.AddMinutes(1)).State);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Ingest_RunAtOrAboveBandMax_InBandOnlyUpToMax(bool oneAbove, bool breached)
    {
        // Arrange
        var ledger = Ledger(["gpu-1"], Commitment("band", new MonitoredBand(1e20, 1e22)));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, oneAbove ? Math.BitIncrement(1e22) : 1e22, ["gpu-1", "rogue"]), T0);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
    }

    [Fact]
    public void Evaluate_InspectionAccess_NotVerifiableWithWhy()
    {
        // Arrange
        var ledger = Ledger(Commitment("inspect", new InspectionAccess(TimeSpan.FromDays(1), InspectionType.Challenge, 4)));

        // Act
        var evaluation = ledger.Evaluation("inspect");

        // Assert
        Assert.Equal(ComplianceState.NotVerifiable, evaluation.State);
        Assert.Contains("inspector", evaluation.Why, StringComparison.Ordinal);
        Assert.NotEmpty(evaluation.Basis);
    }
}
