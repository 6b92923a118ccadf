// Peak dense tensor throughput per GPU, from the vendors' datasheets and architecture whitepapers
// (docs/attestation.md, "Device models", which names the source of every figure). "Dense" means
// without 2:4 structured sparsity: where a datasheet quotes sparse figures only, the dense figure is
// half of it. Every figure is a whole number of operations per second, so it is exact as a double.
using Accord.Core.Commitments;

namespace Accord.Core.Monitoring;

/// <summary>Accelerator models whose physical limits Accord knows (protos: <c>accord.v1.DeviceModel</c>).</summary>
public enum DeviceModel
{
    /// <summary>NVIDIA A100 SXM4 80 GB.</summary>
    A100Sxm,
    /// <summary>NVIDIA H100 SXM5.</summary>
    H100Sxm,
    /// <summary>NVIDIA H200 SXM.</summary>
    H200Sxm,
    /// <summary>NVIDIA B200 (HGX B200, up to 1,000 W).</summary>
    B200,
    /// <summary>NVIDIA GB200: one Blackwell GPU of a Grace Blackwell superchip (GB200 NVL72, up to 1,200 W).</summary>
    GB200,
}

/// <summary>Physical limits of each <see cref="DeviceModel"/>: peak dense throughput per precision.</summary>
public static class DeviceModels
{
    /// <summary>Every model, in declaration order.</summary>
    public static IReadOnlyList<DeviceModel> All { get; } = Array.AsReadOnly(Enum.GetValues<DeviceModel>());

    /// <summary>
    /// Peak dense (no sparsity) throughput of one GPU of <paramref name="model"/> at
    /// <paramref name="precision"/>, in operations per second: tensor-core figures for TF32, BF16, FP16,
    /// FP8 and INT8, the non-tensor figure for FP32.
    /// </summary>
    /// <exception cref="ArgumentException">The model does not support the precision (e.g. FP8 on A100).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The model or precision is not a defined value.</exception>
    public static double PeakDenseFlopPerSecond(DeviceModel model, Precision precision) =>
        PeakDenseOpsPerSecond(model, precision) is { } peak
            ? peak
            : throw new ArgumentException($"{model} does not support {precision}.", nameof(precision));

    /// <summary>Whether <paramref name="model"/> has a peak figure for <paramref name="precision"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model or precision is not a defined value.</exception>
    public static bool Supports(DeviceModel model, Precision precision) => PeakDenseOpsPerSecond(model, precision) is not null;

    /// <summary>
    /// The model's BF16 dense peak relative to the H100 SXM's (989.4 TFLOP/s): 1 for H100 and H200, about
    /// 0.315 for A100, 2.27 for B200, 2.53 for GB200.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The model is not a defined value.</exception>
    public static double H100Equivalents(DeviceModel model) =>
        PeakDenseFlopPerSecond(model, Precision.Bf16) / PeakDenseFlopPerSecond(DeviceModel.H100Sxm, Precision.Bf16);

    /// <summary>The peak as an exact integer number of operations per second; null when unsupported.</summary>
    internal static long? PeakDenseOpsPerSecond(DeviceModel model, Precision precision)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Not a defined precision.");
        }

        return model switch
        {
            // NVIDIA A100 datasheet (SXM 80 GB): no FP8.
            DeviceModel.A100Sxm => precision switch
            {
                Precision.Fp32 => 19_500_000_000_000,
                Precision.Tf32 => 156_000_000_000_000,
                Precision.Bf16 or Precision.Fp16 => 312_000_000_000_000,
                Precision.Int8 => 624_000_000_000_000,
                _ => null,
            },

            // NVIDIA H100 architecture whitepaper (H100 SXM5, tensor figures at 1,830 MHz); the H200 datasheet
            // quotes the H100 SXM datasheet's figures (same GH100 chip, 132 SMs, same clocks).
            DeviceModel.H100Sxm or DeviceModel.H200Sxm => precision switch
            {
                Precision.Fp32 => 66_900_000_000_000,
                Precision.Tf32 => 494_700_000_000_000,
                Precision.Bf16 or Precision.Fp16 => 989_400_000_000_000,
                Precision.Fp8 or Precision.Int8 => 1_978_900_000_000_000,
                _ => null,
            },

            // NVIDIA HGX B200 specifications, per GPU, sparse figures halved (FP32 as quoted).
            DeviceModel.B200 => precision switch
            {
                Precision.Fp32 => 75_000_000_000_000,
                Precision.Tf32 => 1_100_000_000_000_000,
                Precision.Bf16 or Precision.Fp16 => 2_250_000_000_000_000,
                Precision.Fp8 or Precision.Int8 => 4_500_000_000_000_000,
                _ => null,
            },

            // NVIDIA GB200 NVL72 specifications, per GPU, sparse figures halved (FP32 as quoted).
            DeviceModel.GB200 => precision switch
            {
                Precision.Fp32 => 80_000_000_000_000,
                Precision.Tf32 => 1_250_000_000_000_000,
                Precision.Bf16 or Precision.Fp16 => 2_500_000_000_000_000,
                Precision.Fp8 or Precision.Int8 => 5_000_000_000_000_000,
                _ => null,
            },

            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Not a defined device model."),
        };
    }
}
