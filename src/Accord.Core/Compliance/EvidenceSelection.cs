namespace Accord.Core.Compliance;

/// <summary>Which of a party's logged reports a finding on one commitment is judged from.</summary>
public static class EvidenceSelection
{
    /// <summary>
    /// Every report that ends after <paramref name="activeFrom"/> (only those can count toward a commitment
    /// binding from then), and the earlier reports of the workloads those name (they decide how runs are
    /// joined), in log order.
    /// </summary>
    public static IReadOnlyList<VerifiedReport> Reports(IEnumerable<VerifiedReport> reports, DateTimeOffset activeFrom)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var all = reports.OrderBy(r => r.Evidence.LogIndex).ToList();
        var workloads = all.Where(r => r.IntervalEnd > activeFrom && r.WorkloadId.Length > 0).Select(r => r.WorkloadId).ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(r => r.IntervalEnd > activeFrom || workloads.Contains(r.WorkloadId))];
    }
}
