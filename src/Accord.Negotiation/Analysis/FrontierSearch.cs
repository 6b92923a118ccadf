using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Analysis;

/// <summary>The enumeration and skyline behind <see cref="OutcomeSpaceAnalysis"/>.</summary>
internal static class FrontierSearch
{
    public static void Run(OutcomeSpaceAnalysis a)
    {
        var d = a.Domain;
        var parties = d.Parties.Count;
        var issues = d.Issues.Count;
        var tol = a.Options.Tolerance;
        var utilities = Enumerable.Range(0, parties).Select(d.UtilityOf).ToArray();
        var filter = a.Options.SelfEnforcingOnly && !d.Enforcer.Trivial;

        // Values every party's constraints allow, then per-issue dominance pruning (not under the
        // self-enforcement filter, which is not additive).
        var candidates = new int[issues][];
        for (var i = 0; i < issues; i++)
        {
            var allowed = Enumerable.Range(0, d.Issues[i].Count).Where(v => utilities.All(u => u.Allows(i, v))).ToList();
            if (!filter)
            {
                allowed = allowed.Where(v => !allowed.Any(w => w != v && Dominates(utilities, i, w, v, tol))).ToList();
            }

            candidates[i] = [.. allowed];
        }

        var space = 1L;
        foreach (var c in candidates)
        {
            space = c.Length == 0 ? 0 : space > long.MaxValue / c.Length ? long.MaxValue : space * c.Length;
        }

        if (space == 0)
        {
            a.SetResults([], true, 0, 0, "no outcome satisfies every party's constraints");
            return;
        }

        if (space <= a.Options.MaxEnumerated)
        {
            var (frontier, evaluated) = Exact(d, utilities, candidates, space, filter, tol);
            a.SetResults(
                frontier,
                true,
                evaluated,
                space,
                $"exact: {d.OutcomeCount:N0} outcomes, {space:N0} after per-issue dominance pruning, {evaluated:N0} enumerated{(filter ? " and filtered to self-enforcing deals" : " after pairwise pruning")}; frontier of {frontier.Count:N0}");
            return;
        }

        var (approx, count) = Heuristic(a, utilities, candidates, filter, tol);
        a.SetResults(
            approx,
            false,
            count,
            space,
            $"heuristic: {space:N0} outcomes after pruning exceed {a.Options.MaxEnumerated:N0}; weighted-sum sweep over {a.Options.HeuristicWeights:N0} weight vectors found {approx.Count:N0} supported Pareto points; Nash point refined by coordinate ascent");
    }

    private static bool Dominates(UtilityFunction[] us, int issue, int w, int v, double tol)
    {
        var strict = false;
        foreach (var u in us)
        {
            var tw = u.Term(issue, w);
            var tv = u.Term(issue, v);
            if (tw < tv)
            {
                return false;
            }

            strict |= tw > tv + tol;
        }

        return strict;
    }

    private static (List<OutcomePoint> Frontier, long Evaluated) Exact(NegotiationDomain d, UtilityFunction[] us, int[][] candidates, long space, bool filter, double tol)
    {
        var parties = us.Length;
        var issues = candidates.Length;
        var tables = us.Select(u => u.Table).ToArray();
        var values = new double[space * parties];
        var codes = new long[space];
        var sums = new double[(issues + 1) * parties];
        var digits = new int[issues];
        var count = 0L;
        var visited = 0L;
        var pairs = filter || tol <= 0 ? null : PairTables(us, candidates, tol);

        // Odometer over the candidate values with running per-party sums (added in issue order, from 0,
        // exactly as UtilityFunction.Utility adds them).
        var depth = 0;
        while (depth >= 0)
        {
            if (depth == issues)
            {
                var code = 0L;
                for (var i = 0; i < issues; i++)
                {
                    code = (code * d.Issues[i].Count) + candidates[i][digits[i]];
                }

                visited++;
                if (!filter || d.Enforcer.IsSelfEnforcing(d.OutcomeAt(code)))
                {
                    Array.Copy(sums, issues * parties, values, count * parties, parties);
                    codes[count++] = code;
                }

                depth--;
                if (depth >= 0)
                {
                    digits[depth]++;
                }

                continue;
            }

            if (digits[depth] == candidates[depth].Length)
            {
                digits[depth] = 0;
                depth--;
                if (depth >= 0)
                {
                    digits[depth]++;
                }

                continue;
            }

            if (pairs is not null && PairDominated(pairs, digits, depth, candidates[depth].Length))
            {
                digits[depth]++;
                continue;
            }

            var value = candidates[depth][digits[depth]];
            var from = depth * parties;
            var to = from + parties;
            for (var p = 0; p < parties; p++)
            {
                sums[to + p] = sums[from + p] + tables[p][depth][value];
            }

            depth++;
        }

        var sky = Skyline(values, count, parties, tol);
        var frontier = sky.Select(k => new OutcomePoint(d.OutcomeAt(codes[k]), values.AsSpan((int)(k * parties), parties).ToArray())).ToList();
        SortFrontier(frontier);
        return (frontier, visited);
    }

    /// <summary>
    /// For each pair of issues (i &lt; j), which candidate value pairs another value pair of the same two
    /// issues dominates for every party. Utilities are additive, so swapping such a pair inside any outcome
    /// gives an outcome that dominates it: an outcome holding a dominated pair is never on the frontier.
    /// (Not used with tolerance 0, where rounding noise must decide exactly as the full comparison does.)
    /// </summary>
    private static bool[][][] PairTables(UtilityFunction[] us, int[][] candidates, double tol)
    {
        var issues = candidates.Length;
        var tables = new bool[issues][][];
        for (var j = 0; j < issues; j++)
        {
            tables[j] = new bool[j][];
            for (var i = 0; i < j; i++)
            {
                var ci = candidates[i];
                var cj = candidates[j];
                var sums = new double[ci.Length * cj.Length * us.Length];
                for (var a = 0; a < ci.Length; a++)
                {
                    for (var b = 0; b < cj.Length; b++)
                    {
                        for (var p = 0; p < us.Length; p++)
                        {
                            sums[(((a * cj.Length) + b) * us.Length) + p] = us[p].Term(i, ci[a]) + us[p].Term(j, cj[b]);
                        }
                    }
                }

                var dominated = new bool[ci.Length * cj.Length];
                for (var x = 0; x < dominated.Length; x++)
                {
                    for (var y = 0; y < dominated.Length && !dominated[x]; y++)
                    {
                        if (y != x && Dominates(sums, y * us.Length, sums, x * us.Length, us.Length, tol) && NoLoss(sums, y * us.Length, x * us.Length, us.Length))
                        {
                            dominated[x] = true;
                        }
                    }
                }

                tables[j][i] = dominated;
            }
        }

        return tables;
    }

    private static bool NoLoss(double[] sums, int better, int worse, int dims)
    {
        for (var p = 0; p < dims; p++)
        {
            if (sums[better + p] < sums[worse + p])
            {
                return false;
            }
        }

        return true;
    }

    private static bool PairDominated(bool[][][] pairs, int[] digits, int depth, int width)
    {
        var row = pairs[depth];
        for (var i = 0; i < depth; i++)
        {
            if (row[i][(digits[i] * width) + digits[depth]])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Indexes of the non-dominated points among <paramref name="count"/> points of <paramref name="dims"/>
    /// utilities each. Points are taken by welfare, largest first, so a point can only be dominated by one
    /// taken earlier, except for near-ties within the tolerance (handled by checking the skyline's tail of
    /// near-equal welfare for points the new one dominates). A new point is checked first against a small
    /// cache of recent dominators, then only against the skyline points that could dominate it: for each
    /// utility the skyline is kept sorted (descending), and the scan covers the points at or above the new
    /// point's value in the utility where they are fewest.
    /// </summary>
    internal static List<long> Skyline(double[] values, long count, int dims, double tol)
    {
        var order = new long[count];
        var keys = new double[count];
        for (var k = 0L; k < count; k++)
        {
            order[k] = k;
            var s = 0.0;
            for (var p = 0; p < dims; p++)
            {
                s += values[(k * dims) + p];
            }

            keys[k] = -s;
        }

        Array.Sort(keys, order);

        var ids = new List<long>();
        var sums = new List<double>();
        var flat = new double[dims * 1024];
        var dead = new List<bool>();
        var byDim = Enumerable.Range(0, dims).Select(_ => new List<int>()).ToArray();
        var keyDim = Enumerable.Range(0, dims).Select(_ => new List<double>()).ToArray();
        var hot = new List<int>();
        const int HotSize = 16;
        var point = new double[dims];
        var tail = (dims + 1) * tol + 1e-12;
        for (var n = 0L; n < count; n++)
        {
            var k = order[n];
            var sum = -keys[n];
            Array.Copy(values, k * dims, point, 0, dims);
            var dominated = false;
            for (var q = 0; q < hot.Count && !dominated; q++)
            {
                if (Dominates(flat, hot[q] * dims, point, 0, dims, tol))
                {
                    dominated = true;
                    if (q > 0)
                    {
                        (hot[0], hot[q]) = (hot[q], hot[0]);
                    }
                }
            }

            if (!dominated && ids.Count > 0)
            {
                var bestDim = 0;
                var bestCount = int.MaxValue;
                for (var d = 0; d < dims; d++)
                {
                    var c = CountAtLeast(keyDim[d], point[d] - tol);
                    if (c < bestCount)
                    {
                        bestCount = c;
                        bestDim = d;
                    }
                }

                var slots = byDim[bestDim];
                for (var q = 0; q < bestCount; q++)
                {
                    var slot = slots[q];
                    if (!dead[slot] && Dominates(flat, slot * dims, point, 0, dims, tol))
                    {
                        dominated = true;
                        if (!hot.Contains(slot))
                        {
                            if (hot.Count == HotSize)
                            {
                                hot.RemoveAt(HotSize - 1);
                            }

                            hot.Insert(0, slot);
                        }

                        break;
                    }
                }
            }

            if (dominated)
            {
                continue;
            }

            for (var slot = ids.Count - 1; slot >= 0 && sums[slot] - sum <= tail; slot--)
            {
                if (!dead[slot] && Dominates(point, 0, flat, slot * dims, dims, tol))
                {
                    dead[slot] = true;
                    hot.Remove(slot);
                }
            }

            var at = ids.Count;
            if ((at + 1) * dims > flat.Length)
            {
                Array.Resize(ref flat, flat.Length * 2);
            }

            Array.Copy(point, 0, flat, at * dims, dims);
            ids.Add(k);
            sums.Add(sum);
            dead.Add(false);
            for (var d = 0; d < dims; d++)
            {
                var pos = CountAtLeast(keyDim[d], point[d]);
                keyDim[d].Insert(pos, point[d]);
                byDim[d].Insert(pos, at);
            }
        }

        return ids.Where((_, slot) => !dead[slot]).ToList();
    }

    /// <summary>How many leading entries of a descending list are at least <paramref name="x"/>.</summary>
    private static int CountAtLeast(List<double> descending, double x)
    {
        int lo = 0, hi = descending.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (descending[mid] >= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static bool Dominates(double[] a, int aOffset, double[] b, int bOffset, int dims, double tol)
    {
        var strict = false;
        for (var p = 0; p < dims; p++)
        {
            var x = a[aOffset + p];
            var y = b[bOffset + p];
            if (x < y - tol)
            {
                return false;
            }

            strict |= x > y + tol;
        }

        return strict;
    }

    private static void SortFrontier(List<OutcomePoint> frontier) =>
        frontier.Sort((x, y) =>
        {
            for (var p = 0; p < x.Utilities.Count; p++)
            {
                var c = y.Utilities[p].CompareTo(x.Utilities[p]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        });

    private static (List<OutcomePoint> Frontier, long Evaluated) Heuristic(OutcomeSpaceAnalysis a, UtilityFunction[] us, int[][] candidates, bool filter, double tol)
    {
        var d = a.Domain;
        var parties = us.Length;
        var rng = new Random(a.Options.Seed);
        var weights = new List<double[]>();
        for (var p = 0; p < parties; p++)
        {
            var unit = new double[parties];
            unit[p] = 1;
            weights.Add(unit);
        }

        weights.Add(Enumerable.Repeat(1.0 / parties, parties).ToArray());
        while (weights.Count < a.Options.HeuristicWeights)
        {
            var w = Enumerable.Range(0, parties).Select(_ => -Math.Log(1 - rng.NextDouble())).ToArray();
            var s = w.Sum();
            weights.Add(w.Select(x => x / s).ToArray());
        }

        var seen = new HashSet<Outcome>();
        var points = new List<OutcomePoint>();
        foreach (var w in weights)
        {
            var values = new int[candidates.Length];
            for (var i = 0; i < candidates.Length; i++)
            {
                var best = candidates[i][0];
                var bestScore = double.NegativeInfinity;
                foreach (var v in candidates[i])
                {
                    var score = 0.0;
                    for (var p = 0; p < parties; p++)
                    {
                        score += w[p] * us[p].Term(i, v);
                    }

                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = v;
                    }
                }

                values[i] = best;
            }

            var o = new Outcome(values);
            if (seen.Add(o) && (!filter || d.Enforcer.IsSelfEnforcing(o)))
            {
                points.Add(new OutcomePoint(o, d.Utilities(o)));
            }
        }

        // Coordinate ascent on the Nash product from the best point found.
        var start = a.Best(points.Where(p => a.NashProduct(p.Utilities) > 0), SolutionConcept.Nash);
        if (start is not null)
        {
            var current = start.Outcome;
            var score = a.NashProduct(start.Utilities);
            for (var improved = true; improved;)
            {
                improved = false;
                for (var i = 0; i < candidates.Length; i++)
                {
                    foreach (var v in candidates[i])
                    {
                        var next = current.With(i, v);
                        var u = d.Utilities(next);
                        var s = a.NashProduct(u);
                        if (s > score + tol && (!filter || d.Enforcer.IsSelfEnforcing(next)))
                        {
                            current = next;
                            score = s;
                            improved = true;
                        }
                    }
                }
            }

            if (seen.Add(current))
            {
                points.Add(new OutcomePoint(current, d.Utilities(current)));
            }
        }

        var flat = points.SelectMany(p => p.Utilities).ToArray();
        var sky = Skyline(flat, points.Count, parties, tol);
        var frontier = sky.Select(k => points[(int)k]).ToList();
        SortFrontier(frontier);
        return (frontier, seen.Count);
    }
}
