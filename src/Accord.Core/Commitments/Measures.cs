namespace Accord.Core.Commitments;

/// <summary>Numeric precision in which compute is counted.</summary>
public enum Precision
{
    /// <summary>32-bit floating point.</summary>
    Fp32,
    /// <summary>TensorFloat-32.</summary>
    Tf32,
    /// <summary>bfloat16.</summary>
    Bf16,
    /// <summary>IEEE half precision.</summary>
    Fp16,
    /// <summary>8-bit floating point (E4M3/E5M2).</summary>
    Fp8,
    /// <summary>8-bit integer operations.</summary>
    Int8,
}

/// <summary>How a FLOP figure is obtained.</summary>
public enum CountingBasis
{
    /// <summary>Active seconds x peak dense FLOP/s at the precision x utilisation, from monitoring reports.</summary>
    EstimatedFromUtilization,
    /// <summary>Operation counts read from hardware performance counters.</summary>
    HardwareCounters,
    /// <summary>An analytic estimate from the model and data (e.g. 6 x parameters x tokens).</summary>
    Analytic,
}

/// <summary>The counting rule a FLOP limit is stated in.</summary>
/// <param name="Basis">How FLOP are counted.</param>
/// <param name="Precision">In which precision they are counted.</param>
public sealed record ComputeMeasure(CountingBasis Basis, Precision Precision);
