// A deterministic stand-in for an accelerator. Randomness comes from SplitMix64 (Steele, Lea, Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014) keyed by SHA-256 (FIPS 180-4) of the
// device id, the seed and the second, never from string.GetHashCode (randomised per process).
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Accord.Agent.Chips;

/// <summary>Tunables of a <see cref="SimulatedChip"/>; the defaults look like an H100 SXM.</summary>
public sealed record SimulatedChipSettings
{
    /// <summary>Board power when idle, in watts (default 70).</summary>
    public double IdleWatts { get; init; } = 70;

    /// <summary>Board power at full utilisation, in watts (default 700, the H100 SXM's limit).</summary>
    public double MaxWatts { get; init; } = 700;

    /// <summary>The constant utilisation of "steady" (default 0.85).</summary>
    public double SteadyUtilization { get; init; } = 0.85;

    /// <summary>
    /// The workload id ("steady", "bursty"), or its prefix ("training-run": "{prefix}-{run number}");
    /// null: "steady", "bursty" and "run".
    /// </summary>
    public string? WorkloadId { get; init; }

    /// <summary>The peer devices reported while a workload runs (default none).</summary>
    public IReadOnlyList<string> PeerDeviceIds { get; init; } = [];

    /// <summary>The length of one "training-run" cycle (default one hour; at least 2 minutes).</summary>
    public TimeSpan TrainingCycle { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// A simulated chip whose behaviour is a pure function of (device id, seed, pattern, settings) and wall
/// time, so that any interval reads the same every time, in any process, and reading [a, c] gives the
/// same activity as reading [a, b] and [b, c]. Time is cut into whole UTC seconds; each second has a
/// state (active or not, utilisation, power, workload), and an interval integrates the seconds it
/// overlaps, pro rata at its ends.
/// <list type="bullet">
/// <item><b>idle</b>: never active; power = idle watts ± 1 W of noise per second; no workload.</item>
/// <item><b>steady</b>: always active at <see cref="SimulatedChipSettings.SteadyUtilization"/>, power
/// idle + (max − idle) × utilisation, one workload (default "steady").</item>
/// <item><b>bursty</b>: time in 10-second windows (per device); each window is active with probability
/// 0.35, at a utilisation drawn uniformly from [0.4, 1.0]; workload "bursty".</item>
/// <item><b>training-run</b>: cycles of <see cref="SimulatedChipSettings.TrainingCycle"/> (phase set by
/// the seed alone, so devices sharing a seed run the same runs in step), workload "run-{n}" (n = the cycle
/// number): 5% startup at utilisation 0.30; 80% training at 0.92 ± 0.03, idling for the last 1/12 of
/// every tenth of the cycle to write a checkpoint (inactive, idle + 40 W); 7% evaluation at 0.55; 8%
/// between runs (inactive, no workload).</item>
/// </list>
/// The peers of <see cref="SimulatedChipSettings.PeerDeviceIds"/> are reported whenever the interval has a workload.
/// </summary>
public sealed class SimulatedChip : IChipReader
{
    private const long BurstWindowSeconds = 10;
    private const double BurstProbability = 0.35;

    private readonly ulong _deviceKey;
    private readonly ulong _seed;
    private readonly ChipPattern _pattern;
    private readonly SimulatedChipSettings _settings;
    private readonly long _cycleSeconds;
    private readonly long _phaseOffset;

    /// <summary>Creates the chip of <paramref name="deviceId"/> with a seed and a pattern.</summary>
    public SimulatedChip(string deviceId, ulong seed, ChipPattern pattern, SimulatedChipSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        if (!Enum.IsDefined(pattern))
        {
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "Not a defined pattern.");
        }

        _settings = settings ?? new SimulatedChipSettings();
        if (_settings.SteadyUtilization is < 0 or > 1 || double.IsNaN(_settings.SteadyUtilization))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The steady utilisation is in [0, 1].");
        }

        if (_settings.TrainingCycle < TimeSpan.FromMinutes(2))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "A training cycle is at least 2 minutes.");
        }

        DeviceId = deviceId;
        Pattern = pattern;
        _pattern = pattern;
        _seed = seed;
        _deviceKey = BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(deviceId)));
        _cycleSeconds = (long)_settings.TrainingCycle.TotalSeconds;
        _phaseOffset = (long)(Mix(seed ^ 0x7472_6169_6e69_6e67UL) % (ulong)_cycleSeconds);
    }

    /// <summary>The device simulated.</summary>
    public string DeviceId { get; }

    /// <summary>The pattern it follows.</summary>
    public ChipPattern Pattern { get; }

    /// <inheritdoc/>
    public ChipSample Read(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return ChipSample.Empty;
        }

        var fromTicks = from.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var toTicks = to.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var first = FloorDiv(fromTicks, TimeSpan.TicksPerSecond);
        var last = FloorDiv(toTicks - 1, TimeSpan.TicksPerSecond);

        double active = 0, busy = 0, energy = 0;
        var workloads = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var second = first; second <= last; second++)
        {
            var start = Math.Max(fromTicks, second * TimeSpan.TicksPerSecond);
            var end = Math.Min(toTicks, (second + 1) * TimeSpan.TicksPerSecond);
            var weight = (double)(end - start) / TimeSpan.TicksPerSecond;
            var state = StateAt(second);
            energy += weight * state.Watts;
            if (state.Active)
            {
                active += weight;
                busy += weight * state.Utilization;
                workloads[state.Workload] = workloads.GetValueOrDefault(state.Workload) + weight;
            }
        }

        var length = (double)(toTicks - fromTicks) / TimeSpan.TicksPerSecond;
        var workload = workloads.Count == 0
            ? string.Empty
            : workloads.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal).First().Key;
        return new ChipSample(
            ActiveSeconds: Math.Min(active, length),
            Utilization: active > 0 ? Math.Clamp(busy / active, 0, 1) : 0,
            PowerWatts: energy / length,
            WorkloadId: workload,
            PeerDeviceIds: workload.Length == 0 ? [] : _settings.PeerDeviceIds);
    }

    private SecondState StateAt(long second)
    {
        var idle = _settings.IdleWatts;
        var span = _settings.MaxWatts - _settings.IdleWatts;
        switch (_pattern)
        {
            case ChipPattern.Idle:
                return new SecondState(false, 0, idle + (2 * Uniform(second, 0)) - 1, string.Empty);

            case ChipPattern.Steady:
                var steady = _settings.SteadyUtilization;
                return new SecondState(true, steady, idle + (span * steady), _settings.WorkloadId ?? "steady");

            case ChipPattern.Bursty:
                var window = FloorDiv(second, BurstWindowSeconds);
                if (Uniform(window, 1) >= BurstProbability)
                {
                    return new SecondState(false, 0, idle, string.Empty);
                }

                var burst = 0.4 + (0.6 * Uniform(window, 2));
                return new SecondState(true, burst, idle + (span * burst), _settings.WorkloadId ?? "bursty");

            default:
                return TrainingStateAt(second, idle, span);
        }
    }

    private SecondState TrainingStateAt(long second, double idle, double span)
    {
        // Whole seconds throughout, so that phase boundaries are exact.
        var shifted = second + _phaseOffset;
        var cycle = FloorDiv(shifted, _cycleSeconds);
        var position = shifted - (cycle * _cycleSeconds);
        var startupEnd = _cycleSeconds * 5 / 100;
        var trainingEnd = _cycleSeconds * 85 / 100;
        var evaluationEnd = _cycleSeconds * 92 / 100;
        var slot = (trainingEnd - startupEnd) / 10;
        var workload = $"{_settings.WorkloadId ?? "run"}-{cycle}";
        if (position < startupEnd)
        {
            return new SecondState(true, 0.30, idle + (span * 0.30), workload);
        }

        if (position < trainingEnd)
        {
            if ((position - startupEnd) % slot >= slot - (slot / 12))
            {
                return new SecondState(false, 0, idle + 40, workload);
            }

            var training = 0.92 + (0.06 * Uniform(second, 3)) - 0.03;
            return new SecondState(true, training, idle + (span * training), workload);
        }

        if (position < evaluationEnd)
        {
            return new SecondState(true, 0.55, idle + (span * 0.55), workload);
        }

        return new SecondState(false, 0, idle, string.Empty);
    }

    // A uniform double in [0, 1) for (device, seed, counter, stream).
    private double Uniform(long counter, ulong stream)
    {
        unchecked
        {
            var h = Mix(_deviceKey ^ Mix(_seed ^ Mix((ulong)counter ^ Mix(stream))));
            return (h >> 11) * (1.0 / (1UL << 53));
        }
    }

    private static ulong Mix(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    private readonly record struct SecondState(bool Active, double Utilization, double Watts, string Workload);
}
