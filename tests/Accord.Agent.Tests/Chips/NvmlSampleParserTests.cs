using Accord.Agent.Chips;

namespace Accord.Agent.Tests.Chips;

public sealed class NvmlSampleParserTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 26, 23, 55, 0, TimeSpan.Zero);

    // Recorded on an NVIDIA H200 (driver 580) through libnvidia-ml.so.1, one reading every 500 ms: idle, then
    // an 8192^3 bf16 matrix-product loop from about 7 s to 14 s, then idle again (Data/nvml-h200-matmul.csv).
    private static IReadOnlyList<NvmlRawSample> Recording()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Data", "nvml-h200-matmul.csv"));
        return NvmlSampleParser.ReadRecording(reader, Origin);
    }

    [Fact]
    public void ReadRecording_H200File_HasEveryReading()
    {
        var samples = Recording();

        Assert.Equal(44, samples.Count);
        Assert.Equal(new NvmlRawSample(Origin.AddMilliseconds(7508), 100, 25, 537113, 1485), samples[15]);
    }

    [Theory]
    // Whole recording: the 14 readings from 7.508 s to 14.011 s were busy, each standing for the ~0.5 s before it.
    [InlineData(0, 22, 7.003, 0.935739, 284.5098)]
    // Before the load: never active; power includes the ramp-up reading at 7.008 s (216 W) for its last 0.492 s.
    [InlineData(0, 7, 0, 0, 90.5011)]
    // The load: all of the activity, and the mean board power while it ran.
    [InlineData(7, 14.5, 7.003, 0.935739, 642.9002)]
    // Inside the load: fully active at 99.5 % (readings alternate 99 and 100).
    [InlineData(10, 12, 2, 0.995, 692.0399)]
    public void Summarize_RecordedH200Readings_ConvertsUnitsAndIntegratesActivity(double from, double to, double active, double utilization, double watts)
    {
        var sample = NvmlSampleParser.Summarize(Recording(), Origin.AddSeconds(from), Origin.AddSeconds(to), "run-7", ["GPU-0002"]);

        Assert.Equal(active, sample.ActiveSeconds, 3);
        Assert.Equal(utilization, sample.Utilization, 5);
        Assert.Equal(watts, sample.PowerWatts, 3);
        Assert.Equal(active > 0 ? "run-7" : "", sample.WorkloadId);
        Assert.Equal(active > 0 ? ["GPU-0002"] : [], sample.PeerDeviceIds);
    }

    [Fact]
    public void Summarize_SplitIntervals_AddUpToTheWhole()
    {
        var samples = Recording();
        var whole = NvmlSampleParser.Summarize(samples, Origin, Origin.AddSeconds(22), "w", []);
        var parts = Enumerable.Range(0, 11)
            .Select(i => NvmlSampleParser.Summarize(samples, Origin.AddSeconds(2 * i), Origin.AddSeconds(2 * (i + 1)), "w", []))
            .ToList();

        Assert.Equal(whole.ActiveSeconds, parts.Sum(p => p.ActiveSeconds), 9);
        Assert.Equal(whole.ActiveSeconds * whole.Utilization, parts.Sum(p => p.ActiveSeconds * p.Utilization), 9);
    }

    [Fact]
    public void Summarize_GapInReadings_IsNotFilledIn()
    {
        NvmlRawSample At(double seconds, uint utilization, uint milliwatts) => new(Origin.AddSeconds(seconds), utilization, 0, milliwatts, 1980);
        // Busy readings at 1 s and 2 s, then nothing until 10 s: only [8 s, 10 s] is covered by the last one.
        var samples = new[] { At(1, 100, 700_000), At(2, 100, 700_000), At(10, 50, 400_000) };

        var sample = NvmlSampleParser.Summarize(samples, Origin, Origin.AddSeconds(10), "w", []);

        Assert.Equal(4, sample.ActiveSeconds, 9);
        Assert.Equal(0.75, sample.Utilization, 9);
        Assert.Equal(550, sample.PowerWatts, 9);
    }

    [Fact]
    public void Summarize_NoReadings_IsEmpty()
    {
        var sample = NvmlSampleParser.Summarize([], Origin, Origin.AddSeconds(60), "w", ["p"]);

        Assert.Equal(ChipSample.Empty.ActiveSeconds, sample.ActiveSeconds);
        Assert.Equal(0, sample.PowerWatts);
        Assert.Equal("", sample.WorkloadId);
        Assert.Empty(sample.PeerDeviceIds);
    }

    [Fact]
    public void Summarize_UtilizationAbove100Percent_IsCapped()
    {
        var samples = new[] { new NvmlRawSample(Origin.AddSeconds(1), 250, 0, 1000, 0) };

        Assert.Equal(1, NvmlSampleParser.Summarize(samples, Origin, Origin.AddSeconds(1), "w", []).Utilization);
    }

    [Theory]
    [InlineData("1,2,3,4")]
    [InlineData("1,2,3,4,x")]
    [InlineData("1,-2,3,4,5")]
    public void ReadRecording_BadLine_Throws(string line) =>
        Assert.Throws<FormatException>(() => NvmlSampleParser.ReadRecording(new StringReader("elapsed_ms,a,b,c,d\n" + line), Origin));
}
