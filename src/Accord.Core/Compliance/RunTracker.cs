using Accord.Core.Compliance.Rules;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance;

/// <summary>
/// The party's open runs (docs/compliance.md, "Runs"): a report's workload id finds its run through a
/// union-find over workload ids; two workload ids reported with the same peer-device fingerprint in overlapping
/// intervals are one run split across ids, and are joined (the older run absorbs the newer, saying why). Also
/// the run-level bookkeeping every kind reads (total FLOP, last end, the first undeclared peer), the cluster
/// slots of a run, and the retirement of runs idle past the retention with what only they kept.
/// </summary>
internal sealed class RunTracker(LedgerState state, PeerFingerprints fingerprints, IReadOnlyList<ICommitmentRule> rules)
{
    private const int MaxMergeReasons = 4;

    /// <summary>The root workload id of <paramref name="workloadId"/>'s run.</summary>
    public string Find(string workloadId) =>
        state.MergedInto.TryGetValue(workloadId, out var root) ? root : workloadId;

    /// <summary>The run of the report's workload id, opened when none is, joined with any run it is split from.</summary>
    public RunState Resolve(VerifiedReport report)
    {
        var s = report.IntervalStart.UtcTicks;
        var e = report.IntervalEnd.UtcTicks;
        var w = report.WorkloadId;
        var root = Find(w);
        if (!state.Runs.TryGetValue(root, out var run))
        {
            state.MergedInto.Remove(w);
            run = new RunState
            {
                Id = w,
                Sequence = state.NextRunSequence++,
                FirstStart = report.IntervalStart,
                LastEnd = report.IntervalEnd,
                Members = [w],
                FirstEvidence = report.Evidence,
            };
            state.Runs[w] = run;
        }

        // The peer-device fingerprint: SHA-256 over the sorted, distinct hashes of the device and its peers, so
        // every device of one collective group names the same set and so the same fingerprint.
        var fingerprint = fingerprints.Of(report.DeviceId, report.PeerDeviceHashes);
        if (!state.Fingerprints.TryGetValue(fingerprint, out var byWorkload))
        {
            byWorkload = new Dictionary<string, Span>(StringComparer.Ordinal);
            state.Fingerprints[fingerprint] = byWorkload;
        }

        if (byWorkload.Count > 1 || (byWorkload.Count == 1 && !byWorkload.ContainsKey(w)))
        {
            foreach (var (other, span) in byWorkload.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
            {
                if (other == w || !(s < span.End && span.Start < e))
                {
                    continue;
                }

                var otherRoot = Find(other);
                if (otherRoot != run.Id && state.Runs.TryGetValue(otherRoot, out var otherRun))
                {
                    var reason = $"'{w}' and '{other}' were reported with the same peer-device fingerprint {fingerprint[..16]} "
                        + $"(device '{report.DeviceId}' and its {report.PeerDeviceHashes.Count} peers) in overlapping intervals "
                        + $"({FormatTime(report.IntervalStart)} to {FormatTime(report.IntervalEnd)} and "
                        + $"{FormatTime(span.Start)} to {FormatTime(span.End)}), so they are one run";
                    run = Merge(run, otherRun, reason);
                }
            }
        }

        if (!byWorkload.TryGetValue(w, out var mine))
        {
            byWorkload[w] = new Span { Start = s, End = e };
        }
        else if (e >= mine.End)
        {
            mine.Start = s;
            mine.End = e;
        }

        return run;
    }

    /// <summary>Counts the report in the run: its FLOP as reported, its end, and the first undeclared peer it names.</summary>
    public static void Note(RunState run, VerifiedReport report, List<string>? undeclared)
    {
        run.TotalFlop += report.EstimatedFlop;
        if (report.IntervalEnd > run.LastEnd)
        {
            run.LastEnd = report.IntervalEnd;
        }

        if (run.UndeclaredPeer is null && undeclared is not null)
        {
            run.UndeclaredPeer = undeclared[0];
            run.UndeclaredEvidence = report.Evidence;
        }
    }

    /// <summary>The run's state under commitment <paramref name="commitmentId"/>, opened empty when it has none.</summary>
    public static RunCommitmentState StateOf(RunState run, string commitmentId)
    {
        if (!run.ByCommitment.TryGetValue(commitmentId, out var rc))
        {
            rc = new RunCommitmentState();
            run.ByCommitment[commitmentId] = rc;
        }

        return rc;
    }

    /// <summary>
    /// Adds the report's device (and the undeclared peers it names) to every cluster slot its interval touches,
    /// yielding each slot it changed with the slot's start (UTC ticks) and whether the device is new in it. Lazy:
    /// each slot is updated just before it is yielded, so the caller judges it before the next is touched.
    /// </summary>
    public IEnumerable<(SlotState Slot, long Start, bool NewDevice)> AddToSlots(RunState run, VerifiedReport report, List<string>? undeclared)
    {
        var slot = state.ClusterSlot.Ticks;
        var first = report.IntervalStart.UtcTicks / slot;
        var last = (report.IntervalEnd.UtcTicks - 1) / slot;
        for (var k = first; k <= last; k++)
        {
            if (!run.Slots.TryGetValue(k, out var st))
            {
                st = new SlotState();
                run.Slots[k] = st;
                PruneSlots(run, k);
            }

            var newDevice = st.Devices.TryAdd(report.DeviceId, report.Model);
            var newPeers = false;
            foreach (var u in undeclared ?? [])
            {
                newPeers |= st.UndeclaredPeers.Add(u);
            }

            if (newDevice || newPeers)
            {
                yield return (st, k * slot, newDevice);
            }
        }
    }

    /// <summary>
    /// Closes runs none of whose devices reported since the retention before <paramref name="now"/>, with their
    /// fingerprints; notices of runs never seen are kept for the retention plus <paramref name="noticeRetention"/>.
    /// </summary>
    public void Retire(DateTimeOffset now, TimeSpan noticeRetention)
    {
        var horizon = now.UtcTicks - state.RunRetention.Ticks;
        foreach (var run in state.Runs.Values.Where(r => r.LastEnd.UtcTicks <= horizon).ToList())
        {
            state.Runs.Remove(run.Id);
            foreach (var m in run.Members)
            {
                state.MergedInto.Remove(m);
                state.Notices.Remove(m);
            }
        }

        foreach (var (fingerprint, byWorkload) in state.Fingerprints.ToList())
        {
            foreach (var (w, span) in byWorkload.ToList())
            {
                if (span.End <= horizon)
                {
                    byWorkload.Remove(w);
                }
            }

            if (byWorkload.Count == 0)
            {
                state.Fingerprints.Remove(fingerprint);
            }
        }

        var noticeHorizon = horizon - Math.Min(noticeRetention.Ticks, horizon - DateTimeOffset.MinValue.UtcTicks);
        foreach (var (w, notices) in state.Notices.ToList())
        {
            if (!state.Runs.ContainsKey(Find(w)) && notices.All(n => n.SignedAt.UtcTicks <= noticeHorizon))
            {
                state.Notices.Remove(w);
            }
        }
    }

    private RunState Merge(RunState a, RunState b, string reason)
    {
        var (root, other) = a.Sequence <= b.Sequence ? (a, b) : (b, a);
        state.Runs.Remove(other.Id);
        foreach (var m in other.Members)
        {
            state.MergedInto[m] = root.Id;
            root.Members.Add(m);
        }

        if (root.FirstStart > other.FirstStart)
        {
            root.FirstStart = other.FirstStart;
        }

        if (root.LastEnd < other.LastEnd)
        {
            root.LastEnd = other.LastEnd;
        }

        foreach (var r in other.MergeReasons.Prepend(reason))
        {
            if (root.MergeReasons.Count < MaxMergeReasons)
            {
                root.MergeReasons.Add(r);
            }
        }

        root.TotalFlop += other.TotalFlop;
        root.FirstEvidence ??= other.FirstEvidence;
        if (root.UndeclaredPeer is null)
        {
            root.UndeclaredPeer = other.UndeclaredPeer;
            root.UndeclaredEvidence = other.UndeclaredEvidence;
        }

        foreach (var (id, o) in other.ByCommitment)
        {
            if (!root.ByCommitment.TryGetValue(id, out var r))
            {
                root.ByCommitment[id] = o;
                continue;
            }

            r.Flop += o.Flop;
            r.InWindowFlop += o.InWindowFlop;
            if (o.CrossedAt is { } oc && (r.CrossedAt is not { } rcx || oc < rcx))
            {
                r.CrossedAt = oc;
                r.CrossingEvidence = o.CrossingEvidence;
            }

            r.NoticeDue = (r.NoticeDue, o.NoticeDue) switch
            {
                ({ } x, { } y) => x < y ? x : y,
                (var x, var y) => x ?? y,
            };
            r.NoticeMet &= o.NoticeMet;
            r.MaxCluster = Math.Max(r.MaxCluster, o.MaxCluster);
            r.Raised |= o.Raised;
        }

        foreach (var (k, slot) in other.Slots)
        {
            if (!root.Slots.TryGetValue(k, out var mine))
            {
                root.Slots[k] = slot;
                continue;
            }

            foreach (var (device, model) in slot.Devices)
            {
                mine.Devices.TryAdd(device, model);
            }

            mine.UndeclaredPeers.UnionWith(slot.UndeclaredPeers);
            mine.Sums.Clear();
            foreach (var rule in rules)
            {
                rule.OnSlotMerged(mine);
            }
        }

        return root;
    }

    private void PruneSlots(RunState run, long newest)
    {
        var keep = (state.Lateness.Ticks / state.ClusterSlot.Ticks) + 2;
        if (run.Slots.Count <= keep)
        {
            return;
        }

        foreach (var k in run.Slots.Keys.Where(k => k < newest - keep).ToList())
        {
            run.Slots.Remove(k);
        }
    }
}
