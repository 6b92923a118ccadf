using Accord.Core.Commitments;

namespace Accord.Core.Compliance;

/// <summary>The unit of the figure a commitment's evaluation measures.</summary>
public static class MeasureUnits
{
    /// <summary>The unit for <paramref name="terms"/>: FLOP for compute, H100-equivalents or FLOP/s for cluster size, a share for coverage; empty for inspection access.</summary>
    public static string Of(CommitmentTerms terms) => terms switch
    {
        ClusterSizeCap { Unit: ClusterUnit.H100Equivalents } => "H100-equivalents",
        ClusterSizeCap => "FLOP/s",
        MonitoringCoverage => "share of declared devices",
        InspectionAccess => string.Empty,
        _ => "FLOP",
    };
}
