using Accord.Agent.Chips;

namespace Accord.Agent.Tests.Chips;

public sealed class SimulatedChipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<ChipPattern> Patterns => [ChipPattern.Idle, ChipPattern.Steady, ChipPattern.Bursty, ChipPattern.TrainingRun];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Read_SameDeviceAndSeed_SameSampleInAnyInstance(ChipPattern pattern)
    {
        var a = new SimulatedChip("GPU-0001", 42, pattern);
        var b = new SimulatedChip("GPU-0001", 42, pattern);

        for (var i = 0; i < 20; i++)
        {
            var from = T0.AddSeconds(37.3 * i);
            Assert.Equal(a.Read(from, from.AddSeconds(61.7)), b.Read(from, from.AddSeconds(61.7)), SampleComparer.Instance);
        }
    }

    [Fact]
    public void Read_OtherSeedOrDevice_Differs()
    {
        var from = T0;
        var to = T0.AddMinutes(30);
        var baseline = new SimulatedChip("GPU-0001", 1, ChipPattern.Bursty).Read(from, to);

        Assert.NotEqual(baseline.ActiveSeconds, new SimulatedChip("GPU-0001", 2, ChipPattern.Bursty).Read(from, to).ActiveSeconds);
        Assert.NotEqual(baseline.ActiveSeconds, new SimulatedChip("GPU-0002", 1, ChipPattern.Bursty).Read(from, to).ActiveSeconds);
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Read_SplitInterval_AddsUpToTheWhole(ChipPattern pattern)
    {
        var chip = new SimulatedChip("GPU-0001", 7, pattern);
        var a = T0.AddMilliseconds(250);
        var b = a.AddSeconds(93.4);
        var c = b.AddSeconds(1800.9);

        var whole = chip.Read(a, c);
        var first = chip.Read(a, b);
        var second = chip.Read(b, c);

        Assert.Equal(whole.ActiveSeconds, first.ActiveSeconds + second.ActiveSeconds, 6);
        Assert.Equal(whole.ActiveSeconds * whole.Utilization, (first.ActiveSeconds * first.Utilization) + (second.ActiveSeconds * second.Utilization), 6);
        Assert.Equal(whole.PowerWatts * (c - a).TotalSeconds, (first.PowerWatts * (b - a).TotalSeconds) + (second.PowerWatts * (c - b).TotalSeconds), 4);
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Read_AnyInterval_StaysInPhysicalBounds(ChipPattern pattern)
    {
        var chip = new SimulatedChip("GPU-0009", 3, pattern);
        for (var i = 0; i < 50; i++)
        {
            var from = T0.AddSeconds(i * 71.9);
            var length = 0.5 + (i * 13.1);
            var sample = chip.Read(from, from.AddSeconds(length));

            Assert.InRange(sample.ActiveSeconds, 0, length);
            Assert.InRange(sample.Utilization, 0, 1);
            Assert.InRange(sample.PowerWatts, 60, 700);
        }
    }

    [Fact]
    public void Read_Idle_IsNeverActiveAndHasNoWorkload()
    {
        var sample = new SimulatedChip("GPU-0001", 0, ChipPattern.Idle).Read(T0, T0.AddHours(1));

        Assert.Equal(0, sample.ActiveSeconds);
        Assert.Equal(0, sample.Utilization);
        Assert.Equal("", sample.WorkloadId);
        Assert.Empty(sample.PeerDeviceIds);
        Assert.InRange(sample.PowerWatts, 69, 71);
    }

    [Fact]
    public void Read_Steady_IsAlwaysActiveAtConstantUtilization()
    {
        var chip = new SimulatedChip("GPU-0001", 0, ChipPattern.Steady, new SimulatedChipSettings { SteadyUtilization = 0.8, PeerDeviceIds = ["GPU-0002"] });

        var sample = chip.Read(T0.AddMilliseconds(100), T0.AddSeconds(60.1));

        Assert.Equal(60, sample.ActiveSeconds, 9);
        Assert.Equal(0.8, sample.Utilization, 12);
        Assert.Equal(70 + (630 * 0.8), sample.PowerWatts, 9);
        Assert.Equal("steady", sample.WorkloadId);
        Assert.Equal(["GPU-0002"], sample.PeerDeviceIds);
    }

    [Fact]
    public void Read_Bursty_IsActiveAboutAThirdOfTheTime()
    {
        var sample = new SimulatedChip("GPU-0001", 11, ChipPattern.Bursty).Read(T0, T0.AddHours(2));

        Assert.InRange(sample.ActiveSeconds / 7200, 0.28, 0.42);
        Assert.InRange(sample.Utilization, 0.6, 0.8);
        Assert.Equal("bursty", sample.WorkloadId);
    }

    [Fact]
    public void Read_TrainingRun_FollowsItsPhasesAndNamesEachRun()
    {
        var chip = new SimulatedChip("GPU-0001", 5, ChipPattern.TrainingRun);

        var cycle = chip.Read(T0, T0.AddHours(1));
        // 5% startup + 80% training less a twelfth for checkpoints + 7% evaluation.
        Assert.Equal(3600 * (0.05 + (0.80 * 11 / 12) + 0.07), cycle.ActiveSeconds, 0);
        Assert.StartsWith("run-", cycle.WorkloadId, StringComparison.Ordinal);

        var workloads = Enumerable.Range(0, 180)
            .Select(i => chip.Read(T0.AddSeconds(60 * i), T0.AddSeconds(60 * (i + 1))).WorkloadId)
            .Where(w => w.Length > 0)
            .Distinct()
            .ToList();
        Assert.InRange(workloads.Count, 3, 4);
        Assert.Contains(Enumerable.Range(0, 180).Select(i => chip.Read(T0.AddSeconds(60 * i), T0.AddSeconds(60 * (i + 1)))), s => s.ActiveSeconds == 0 && s.WorkloadId == "");
    }

    [Fact]
    public void Read_TrainingRun_DevicesSharingASeedRunInStep()
    {
        var a = new SimulatedChip("GPU-0001", 9, ChipPattern.TrainingRun);
        var b = new SimulatedChip("GPU-0002", 9, ChipPattern.TrainingRun);

        for (var i = 0; i < 60; i++)
        {
            var from = T0.AddMinutes(i);
            Assert.Equal(a.Read(from, from.AddMinutes(1)).WorkloadId, b.Read(from, from.AddMinutes(1)).WorkloadId);
        }
    }

    [Theory]
    [InlineData("idle", ChipPattern.Idle)]
    [InlineData("steady", ChipPattern.Steady)]
    [InlineData("Bursty", ChipPattern.Bursty)]
    [InlineData("training-run", ChipPattern.TrainingRun)]
    public void TryParse_KnownName_GivesPattern(string name, ChipPattern expected)
    {
        Assert.True(ChipPatterns.TryParse(name, out var pattern));
        Assert.Equal(expected, pattern);
        Assert.Equal(name.ToLowerInvariant(), ChipPatterns.Name(pattern));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nvml")]
    [InlineData(null)]
    public void TryParse_UnknownName_IsFalse(string? name) => Assert.False(ChipPatterns.TryParse(name, out _));

    private sealed class SampleComparer : IEqualityComparer<ChipSample>
    {
        public static SampleComparer Instance { get; } = new();

        public bool Equals(ChipSample? x, ChipSample? y) =>
            x is not null && y is not null && x.ActiveSeconds == y.ActiveSeconds && x.Utilization == y.Utilization
            && x.PowerWatts == y.PowerWatts && x.WorkloadId == y.WorkloadId && x.PeerDeviceIds.SequenceEqual(y.PeerDeviceIds);

        public int GetHashCode(ChipSample obj) => obj.ActiveSeconds.GetHashCode();
    }
}
