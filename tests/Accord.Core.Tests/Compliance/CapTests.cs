using Accord.Core.Commitments;
using Accord.Core.Compliance;
using static Accord.Core.Tests.Compliance.Scenario;

namespace Accord.Core.Tests.Compliance;

public sealed class CapTests
{
    private const double Cap = 1e20;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Ingest_RunAtOrOneFlopAboveCap_HoldsAtCapBreachesAbove(bool oneAbove, bool breached)
    {
        // Arrange: gpu-1 is declared, so its report is evidence.
        var ledger = Ledger(["gpu-1"], Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        var flop = oneAbove ? Math.BitIncrement(Cap) : Cap;

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, flop), T0.AddMinutes(1));

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        Assert.Equal(breached ? ComplianceState.Breached : ComplianceState.Holds, ledger.Evaluation("cap", T0.AddMinutes(1)).State);
        if (breached)
        {
            var v = violations[0];
            Assert.Equal(ComplianceRules.RunCap, v.Rule);
            Assert.Equal("run run-1", v.Subject);
            Assert.Equal(flop, v.Measured);
            Assert.Equal(Cap, v.Limit);
            Assert.Contains("BF16", v.Basis, StringComparison.Ordinal);
            Assert.Contains("utilisation", v.Basis, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ingest_RunSummedOverDevices_BreachesOnlyWhenTheSumPassesTheCap()
    {
        // Arrange: two devices at half the cap each: exactly the cap.
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));
        var peers = new[] { "gpu-1", "gpu-2" };

        // Act
        var first = ledger.Ingest(Report("gpu-1", "run-1", 0, Cap / 2, peers), T0);
        var second = ledger.Ingest(Report("gpu-2", "run-1", 0, Cap / 2, peers), T0);
        var third = ledger.Ingest(Report("gpu-1", "run-1", 1, 1e6, peers), T0);

        // Assert
        Assert.Empty(first);
        Assert.Empty(second);
        var v = Assert.Single(third);
        Assert.Equal(Cap + 1e6, v.Measured);
        Assert.Equal(2, v.Evidence.Count);
    }

    [Fact]
    public void Ingest_ReportInOtherPrecision_RestatedByRatioOfPeaks()
    {
        // Arrange: cap counted in BF16; an FP8 report of 2 x cap is cap in BF16 on an H100 (peaks 1978.9 vs 989.4 TFLOP/s).
        var ledger = Ledger(Commitment("cap", new TrainingRunComputeCap(Cap, Bf16)));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, 2 * Cap, precision: Precision.Fp8), T0);

        // Assert: 2e20 x 989.4/1978.9 is just below 1e20.
        Assert.Empty(violations);
        Assert.True(ledger.Evaluation("cap").Measured < Cap);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Ingest_PeriodAtOrOneFlopAboveCap_HoldsAtCapBreachesAbove(bool oneAbove, bool breached)
    {
        // Arrange: 1 hour periods from T0; two runs in the same period.
        var ledger = Ledger(Commitment("agg", new AggregateComputeCap(Cap, TimeSpan.FromHours(1), Bf16)));
        ledger.Ingest(Report("gpu-1", "run-1", 0, Cap / 2), T0);

        // Act: the second half brings the period to exactly the cap, or to the next double above it.
        var violations = ledger.Ingest(Report("gpu-2", "run-2", 59, oneAbove ? Math.BitIncrement(Cap) - (Cap / 2) : Cap / 2), T0.AddHours(1));

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        if (breached)
        {
            Assert.Equal(Math.BitIncrement(Cap), violations[0].Measured);
            Assert.Equal(ComplianceRules.AggregateCap, violations[0].Rule);
            Assert.Equal("period 2030-01-01T00:00:00Z/2030-01-01T01:00:00Z", violations[0].Subject);
        }
    }

    [Fact]
    public void Ingest_NextPeriod_CountsAfresh()
    {
        // Arrange
        var ledger = Ledger(Commitment("agg", new AggregateComputeCap(Cap, TimeSpan.FromHours(1), Bf16)));
        ledger.Ingest(Report("gpu-1", "run-1", 0, Cap), T0);

        // Act: the same again in the second hour, and idle (no workload) compute counts too.
        var next = ledger.Ingest(Report("gpu-1", "run-1", 60, Cap), T0.AddHours(2));
        var idle = ledger.Ingest(Report("gpu-2", string.Empty, 61, 1e6), T0.AddHours(2));

        // Assert
        Assert.Empty(next);
        Assert.Equal("period 2030-01-01T01:00:00Z/2030-01-01T02:00:00Z", Assert.Single(idle).Subject);
    }

    [Fact]
    public void Ingest_ReportAcrossPeriodBoundary_SplitPaysProRata()
    {
        // Arrange: a 2-minute report straddling 01:00, each half of it equal to the cap.
        var ledger = Ledger(Commitment("agg", new AggregateComputeCap(Cap, TimeSpan.FromHours(1), Bf16)));

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 59, 2 * Cap, lengthMinutes: 2), T0.AddHours(2));

        // Assert
        Assert.Empty(violations);
        Assert.Equal(Cap, ledger.Evaluation("agg").Measured);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(17, true)]
    public void Ingest_ClusterOfH100s_HoldsAtLimitBreachesAbove(int devices, bool breached)
    {
        // Arrange
        var ledger = Ledger(Commitment("cluster", new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.AllFacilities)));
        var ids = Enumerable.Range(1, devices).Select(i => $"gpu-{i}").ToArray();

        // Act
        var violations = ids.SelectMany(id => ledger.Ingest(Report(id, "run-1", 0, 1e15, ids), T0)).ToList();

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        if (breached)
        {
            Assert.Equal(17, violations[0].Measured);
            Assert.Equal("H100-equivalents (BF16)", violations[0].Unit);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Ingest_ClusterInFlopPerSecond_HoldsAtLimitBreachesBelowIt(bool limitJustBelow, bool breached)
    {
        // Arrange: two B200s at 2.25e15 BF16 FLOP/s each.
        var limit = 2 * 2.25e15;
        var cap = new ClusterSizeCap(ClusterUnit.FlopPerSecond, limitJustBelow ? Math.BitDecrement(limit) : limit, Precision.Bf16, ClusterScope.AllFacilities);
        var ledger = Ledger(Commitment("cluster", cap));

        // Act
        var violations = new[] { "b-1", "b-2" }
            .SelectMany(id => ledger.Ingest(Report(id, "run-1", 0, 1e15, ["b-1", "b-2"], model: Accord.Core.Monitoring.DeviceModel.B200), T0))
            .ToList();

        // Assert
        Assert.Equal(breached, violations.Count == 1);
    }

    [Fact]
    public void Ingest_DevicesInDifferentSlots_NotConcurrent()
    {
        // Arrange: limit 1; two devices of one run, one minute apart.
        var ledger = Ledger(Commitment("cluster", new ClusterSizeCap(ClusterUnit.H100Equivalents, 1, Precision.Bf16, ClusterScope.AllFacilities)));

        // Act
        var first = ledger.Ingest(Report("gpu-1", "run-1", 0, 1e15), T0);
        var second = ledger.Ingest(Report("gpu-2", "run-1", 1, 1e15), T0);
        var concurrent = ledger.Ingest(Report("gpu-1", "run-1", 1, 1e15), T0);

        // Assert
        Assert.Empty(first);
        Assert.Empty(second);
        Assert.Single(concurrent);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(17, true)]
    public void Ingest_UnmonitoredScope_CountsUndeclaredPeers(int undeclaredPeers, bool breached)
    {
        // Arrange: one declared, reporting device names undeclared peers.
        var ledger = Ledger(["gpu-1"], Commitment("cluster", new ClusterSizeCap(ClusterUnit.H100Equivalents, 16, Precision.Bf16, ClusterScope.UnmonitoredFacilities)));
        var peers = Enumerable.Range(1, undeclaredPeers).Select(i => $"hidden-{i}").Append("gpu-1").ToArray();

        // Act
        var violations = ledger.Ingest(Report("gpu-1", "run-1", 0, 1e15, peers), T0);

        // Assert
        Assert.Equal(breached, violations.Count == 1);
        Assert.Equal(breached ? ComplianceState.Breached : ComplianceState.NotVerifiable, ledger.Evaluation("cluster").State);
    }
}
