// Peak dense (no 2:4 sparsity) tensor throughput, from the NVIDIA H100 Tensor Core GPU architecture
// whitepaper (H100 SXM5: BF16/FP16 989.4 TFLOP/s, FP8 1,978.9 TFLOP/s); the H200 SXM datasheet quotes the
// same GH100 figures. The server holds the authoritative table (Accord.Core's device models) and caps
// every report by it; this one only sizes the agent's own estimate, and is the one place to replace it.
using Accord.Protos.V1;

namespace Accord.Agent.Reports;

/// <summary>The agent's table of peak dense FLOP/s per device model and precision.</summary>
public static class PeakFlops
{
    private static readonly Dictionary<(DeviceModel Model, Precision Precision), double> Table = new()
    {
        [(DeviceModel.H100Sxm, Precision.Bf16)] = 989.4e12,
        [(DeviceModel.H100Sxm, Precision.Fp8)] = 1978.9e12,
        [(DeviceModel.H200Sxm, Precision.Bf16)] = 989.4e12,
        [(DeviceModel.H200Sxm, Precision.Fp8)] = 1978.9e12,
    };

    /// <summary>The precision reports count in unless a device says otherwise.</summary>
    public const Precision DefaultPrecision = Precision.Bf16;

    /// <summary>Every (model, precision) the table knows.</summary>
    public static IReadOnlyCollection<(DeviceModel Model, Precision Precision)> Known => Table.Keys;

    /// <summary>Peak dense FLOP per second of one <paramref name="model"/> at <paramref name="precision"/>.</summary>
    /// <exception cref="ArgumentException">The table has no figure for the pair.</exception>
    public static double PerSecond(DeviceModel model, Precision precision) =>
        TryGet(model, precision, out var peak)
            ? peak
            : throw new ArgumentException($"The agent's peak table has no figure for {model} at {precision}.", nameof(model));

    /// <summary>The figure for the pair; false when the table has none.</summary>
    public static bool TryGet(DeviceModel model, Precision precision, out double peakPerSecond) =>
        Table.TryGetValue((model, precision), out peakPerSecond);
}
