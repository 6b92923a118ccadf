// Conversion of raw NVIDIA Management Library readings (NVML API reference, "Device Queries":
// nvmlDeviceGetUtilizationRates in percent of the last sample period, nvmlDeviceGetPowerUsage in
// milliwatts, nvmlDeviceGetClockInfo in MHz) into a ChipSample. Pure: no native code, tested on recordings.
using System.Globalization;

namespace Accord.Agent.Chips;

/// <summary>One raw NVML reading, as the driver returned it.</summary>
/// <param name="At">When it was read.</param>
/// <param name="GpuUtilizationPercent">nvmlUtilization_t.gpu: percent of the last sample period (1/6 s to 1 s) in which a kernel ran.</param>
/// <param name="MemoryUtilizationPercent">nvmlUtilization_t.memory: percent of that period in which device memory was read or written.</param>
/// <param name="PowerMilliwatts">nvmlDeviceGetPowerUsage: board power in milliwatts.</param>
/// <param name="SmClockMhz">nvmlDeviceGetClockInfo(NVML_CLOCK_SM): the SM clock in MHz.</param>
public readonly record struct NvmlRawSample(
    DateTimeOffset At,
    uint GpuUtilizationPercent,
    uint MemoryUtilizationPercent,
    uint PowerMilliwatts,
    uint SmClockMhz);

/// <summary>
/// Turns raw NVML readings over an interval into a <see cref="ChipSample"/>. Each reading stands for the
/// time since the reading before it, at most <see cref="DefaultMaxSpan"/> (NVML's utilisation covers only
/// the last sample period, so a gap in the readings is not filled in); time no reading covers counts as
/// inactive and is left out of the mean power. Then:
/// <list type="bullet">
/// <item>active seconds = the covered time whose GPU utilisation is above 0 %;</item>
/// <item>utilisation = the time-weighted mean of GPU utilisation (percent / 100) over the active time,
/// so active seconds × utilisation = the time a kernel ran, NVML's own definition;</item>
/// <item>power = the time-weighted mean of milliwatts / 1000 over the covered time.</item>
/// </list>
/// The FLOP estimate active seconds × peak × utilisation therefore assumes every running kernel ran at the
/// model's peak dense throughput: an upper bound, the safe side for a compute cap.
/// </summary>
public static class NvmlSampleParser
{
    /// <summary>The longest time one reading stands for (twice the agent's one-second sampling).</summary>
    public static readonly TimeSpan DefaultMaxSpan = TimeSpan.FromSeconds(2);

    /// <summary>Summarises <paramref name="samples"/> (any order) over [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static ChipSample Summarize(
        IEnumerable<NvmlRawSample> samples,
        DateTimeOffset from,
        DateTimeOffset to,
        string workloadId,
        IReadOnlyList<string> peerDeviceIds,
        TimeSpan? maxSpan = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(workloadId);
        ArgumentNullException.ThrowIfNull(peerDeviceIds);
        var span = maxSpan ?? DefaultMaxSpan;
        if (span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSpan), maxSpan, "The span of a reading is positive.");
        }

        if (to <= from)
        {
            return ChipSample.Empty;
        }

        double covered = 0, active = 0, busy = 0, energy = 0;
        DateTimeOffset? previous = null;
        foreach (var sample in samples.OrderBy(s => s.At))
        {
            var start = previous is { } p && sample.At - p <= span ? p : sample.At - span;
            previous = sample.At;
            var overlapStart = start > from ? start : from;
            var overlapEnd = sample.At < to ? sample.At : to;
            if (overlapEnd <= overlapStart)
            {
                continue;
            }

            var seconds = (overlapEnd - overlapStart).TotalSeconds;
            var utilization = Math.Min(sample.GpuUtilizationPercent, 100u) / 100.0;
            covered += seconds;
            energy += seconds * (sample.PowerMilliwatts / 1000.0);
            if (sample.GpuUtilizationPercent > 0)
            {
                active += seconds;
                busy += seconds * utilization;
            }
        }

        var isActive = active > 0;
        return new ChipSample(
            ActiveSeconds: active,
            Utilization: isActive ? Math.Clamp(busy / active, 0, 1) : 0,
            PowerWatts: covered > 0 ? energy / covered : 0,
            WorkloadId: isActive ? workloadId : string.Empty,
            PeerDeviceIds: isActive && workloadId.Length > 0 ? peerDeviceIds : []);
    }

    /// <summary>
    /// Reads a recording: lines of <c>elapsed_ms,gpu_util_percent,memory_util_percent,power_mw,sm_clock_mhz</c>
    /// (elapsed from <paramref name="origin"/>); blank lines, lines starting with '#', and a header line
    /// starting with "elapsed_ms" are skipped.
    /// </summary>
    /// <exception cref="FormatException">A line is not five non-negative integers.</exception>
    public static IReadOnlyList<NvmlRawSample> ReadRecording(TextReader reader, DateTimeOffset origin)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var samples = new List<NvmlRawSample>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#') || text.StartsWith("elapsed_ms", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 5)
            {
                throw new FormatException($"Recording line {number}: expected 5 fields, found {fields.Length}.");
            }

            var values = new uint[5];
            for (var i = 0; i < 5; i++)
            {
                if (!uint.TryParse(fields[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw new FormatException($"Recording line {number}: field {i + 1} is not a non-negative integer.");
                }
            }

            samples.Add(new NvmlRawSample(origin.AddMilliseconds(values[0]), values[1], values[2], values[3], values[4]));
        }

        return samples;
    }
}
