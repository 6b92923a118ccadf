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
                $"exact: enumerated {space:N0} of {d.OutcomeCount:N0} outcomes after per-issue dominance pruning{(filter ? " (self-enforcing deals only)" : string.Empty)}; frontier of {frontier.Count:N0}");
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
        return (frontier, count);
    }

    /// <summary>Indexes of the non-dominated points among <paramref name="count"/> points of <paramref name="dims"/> utilities each.</summary>
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
        var sky = new List<long>();
        var skyValues = new List<double>();
        var point = new double[dims];
        foreach (var k in order)
        {
            Array.Copy(values, k * dims, point, 0, dims);
            var dominated = false;
            for (var s = 0; s < sky.Count; s++)
            {
                if (Dominates(skyValues, s * dims, point, dims, tol))
                {
                    dominated = true;
                    if (s > 0)
                    {
                        // Move the dominator to the front: strong dominators are found first next time.
                        (sky[0], sky[s]) = (sky[s], sky[0]);
                        for (var p = 0; p < dims; p++)
                        {
                            (skyValues[p], skyValues[(s * dims) + p]) = (skyValues[(s * dims) + p], skyValues[p]);
                        }
                    }

                    break;
                }
            }

            if (dominated)
            {
                continue;
            }

            // Remove skyline points the new one dominates (possible with ties and tolerance), then add it.
            for (var s = sky.Count - 1; s >= 0; s--)
            {
                if (DominatedBy(skyValues, s * dims, point, dims, tol))
                {
                    var last = sky.Count - 1;
                    sky[s] = sky[last];
                    for (var p = 0; p < dims; p++)
                    {
                        skyValues[(s * dims) + p] = skyValues[(last * dims) + p];
                    }

                    sky.RemoveAt(last);
                    skyValues.RemoveRange(last * dims, dims);
                }
            }

            sky.Add(k);
            skyValues.AddRange(point);
        }

        return sky;
    }

    private static bool Dominates(List<double> sky, int offset, double[] b, int dims, double tol)
    {
        var strict = false;
        for (var p = 0; p < dims; p++)
        {
            var x = sky[offset + p];
            if (x < b[p] - tol)
            {
                return false;
            }

            strict |= x > b[p] + tol;
        }

        return strict;
    }

    private static bool DominatedBy(List<double> sky, int offset, double[] a, int dims, double tol)
    {
        var strict = false;
        for (var p = 0; p < dims; p++)
        {
            var x = sky[offset + p];
            if (a[p] < x - tol)
            {
                return false;
            }

            strict |= a[p] > x + tol;
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
