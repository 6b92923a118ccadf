using System.Runtime.CompilerServices;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Agents;

/// <summary>A party's feasible outcomes sorted by its utility, best first (cached per domain and party).</summary>
internal sealed class OutcomeIndex
{
    /// <summary>The most outcomes a strategy agent enumerates.</summary>
    public const long MaxOutcomes = 2_000_000;

    private static readonly ConditionalWeakTable<NegotiationDomain, OutcomeIndex?[]> Cache = new();

    private OutcomeIndex(NegotiationDomain domain, int party)
    {
        if (domain.OutcomeCount > MaxOutcomes)
        {
            throw new NotSupportedException($"Strategy agents enumerate at most {MaxOutcomes:N0} outcomes; '{domain.Name}' has {domain.OutcomeCount:N0}.");
        }

        var u = domain.UtilityOf(party);
        var all = domain.AllOutcomes().Where(u.IsFeasible).Select(o => (o, v: u.Utility(o))).ToList();

        // Stable: equal utilities keep mixed-radix order.
        var sorted = all.Select((x, i) => (x.o, x.v, i)).OrderByDescending(x => x.v).ThenBy(x => x.i).ToArray();
        Outcomes = sorted.Select(x => x.o).ToArray();
        Utilities = sorted.Select(x => x.v).ToArray();
    }

    /// <summary>Outcomes, best first.</summary>
    public Outcome[] Outcomes { get; }

    /// <summary>Their utilities, descending.</summary>
    public double[] Utilities { get; }

    public static OutcomeIndex For(NegotiationDomain domain, int party)
    {
        var slots = Cache.GetValue(domain, d => new OutcomeIndex?[d.Parties.Count]);
        lock (slots)
        {
            return slots[party] ??= new OutcomeIndex(domain, party);
        }
    }

    /// <summary>The index of the last outcome with utility at least <paramref name="target"/>; 0 when none reaches it.</summary>
    public int LastAtLeast(double target)
    {
        int lo = 0, hi = Utilities.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Utilities[mid] >= target)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return Math.Max(found, 0);
    }
}
