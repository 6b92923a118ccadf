using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Core.Compliance;

/// <summary>
/// One party's compliance, computed incrementally from verified reports: every report updates running
/// aggregates (per run, per period, per window) and is then forgotten, so the cost per report does not
/// grow with history and the state is bounded by open runs, periods and windows (docs/compliance.md).
/// Not thread-safe: one caller at a time (the party's compliance grain).
/// </summary>
public sealed class ComplianceLedger
{
    private const int MaxMergeReasons = 4;
    private const int MaxNamedDevices = 10;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly LedgerState state;
    private readonly List<Bound> bound = [];
    private readonly HashSet<string> declared = new(StringComparer.Ordinal);
    private readonly HashSet<byte[]> declaredHashes = new(ByteArrayComparer.Instance);
    private readonly Dictionary<string, byte[]> deviceHashes = new(StringComparer.Ordinal);

    // A device names the same peers report after report: remember its last peer list and fingerprint
    // (not persisted; recomputed after a restore).
    private readonly Dictionary<string, (IReadOnlyList<byte[]> Peers, string Fingerprint)> lastFingerprint = new(StringComparer.Ordinal);

    /// <summary>An empty ledger for <paramref name="partyId"/>.</summary>
    public ComplianceLedger(string partyId, ComplianceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(partyId);
        options ??= ComplianceOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClusterSlot, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RunRetention, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Lateness, TimeSpan.Zero, nameof(options));
        state = new LedgerState
        {
            PartyId = partyId,
            RunRetention = options.RunRetention,
            ClusterSlot = options.ClusterSlot,
            Lateness = options.Lateness,
        };
    }

    private ComplianceLedger(LedgerState restored)
    {
        state = restored;
        Compile();
        foreach (var id in state.DeclaredDevices)
        {
            declared.Add(id);
            declaredHashes.Add(DeviceHash(id));
        }
    }

    /// <summary>The party whose compliance this is.</summary>
    public string PartyId => state.PartyId;

    /// <summary>How many runs are open (state size).</summary>
    public int OpenRuns => state.Runs.Count;

    /// <summary>
    /// Replaces the party's commitments. Running state is kept for commitments whose id is still present (their
    /// span may change: a withdrawal or an attested release sets <see cref="ActiveCommitment.ActiveUntil"/>)
    /// and dropped for the others.
    /// </summary>
    public void SetCommitments(IReadOnlyList<ActiveCommitment> commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        var old = state.Commitments.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var next = new List<CommitmentRecord>(commitments.Count);
        foreach (var c in commitments)
        {
            ArgumentNullException.ThrowIfNull(c);
            ArgumentException.ThrowIfNullOrEmpty(c.CommitmentId);
            ArgumentNullException.ThrowIfNull(c.Terms);
            if (next.Any(n => n.Id == c.CommitmentId))
            {
                throw new ArgumentException($"commitment '{c.CommitmentId}' is listed twice", nameof(commitments));
            }

            var record = old.TryGetValue(c.CommitmentId, out var kept) ? kept : new CommitmentRecord { Id = c.CommitmentId };
            record.Terms = TermsRecord.From(c.Terms);
            if (record.ActiveFrom != c.ActiveFrom)
            {
                // Periods and windows are aligned to ActiveFrom: a new start starts them afresh.
                record.Periods.Clear();
                record.Windows.Clear();
                record.PeriodsClosedBefore = 0;
                record.WindowsClosedBefore = 0;
            }

            record.ActiveFrom = c.ActiveFrom;
            record.ActiveUntil = c.ActiveUntil;
            next.Add(record);
        }

        state.Commitments = next;
        Compile();
    }

    /// <summary>
    /// Sets the devices the party declared (enrolled); coverage is a share of these, and a monitored-band run
    /// may only name these as peers (compared by SHA-256 of the UTF-8 id).
    /// </summary>
    public void SetDeclaredDevices(IReadOnlyCollection<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        declared.Clear();
        declaredHashes.Clear();
        foreach (var id in deviceIds)
        {
            ArgumentException.ThrowIfNullOrEmpty(id);
            if (declared.Add(id))
            {
                declaredHashes.Add(DeviceHash(id));
            }
        }

        state.DeclaredDevices = [.. declared.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Records a lab's signed training notice; returns any after-threshold notices found overdue at
    /// <paramref name="now"/> (as <see cref="Tick"/> would).
    /// </summary>
    public IReadOnlyList<Violation> AddNotice(TrainingNotice notice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentException.ThrowIfNullOrEmpty(notice.WorkloadId);
        ArgumentNullException.ThrowIfNull(notice.Evidence);
        if (!double.IsFinite(notice.ExpectedFlop) || notice.ExpectedFlop < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(notice), notice.ExpectedFlop, "The expected FLOP must be finite and not negative.");
        }

        if (!state.Notices.TryGetValue(notice.WorkloadId, out var list))
        {
            list = [];
            state.Notices[notice.WorkloadId] = list;
        }

        if (!list.Any(n => n.Evidence.Equals(notice.Evidence)))
        {
            list.Add(notice);
        }

        var raised = new List<Violation>();
        CheckNoticeDeadlines(now, raised);
        return raised;
    }

    /// <summary>
    /// Adds one verified report to the running aggregates and returns the violations it reveals; each
    /// <see cref="Violation.ViolationId"/> is raised once over the ledger's life.
    /// </summary>
    /// <exception cref="ArgumentException">The report is not the party's, or is malformed.</exception>
    public IReadOnlyList<Violation> Ingest(VerifiedReport report, DateTimeOffset now)
    {
        Validate(report);
        var raised = new List<Violation>();
        var s = report.IntervalStart.UtcTicks;
        var e = report.IntervalEnd.UtcTicks;
        foreach (var c in bound)
        {
            switch (c.Terms)
            {
                case MonitoringCoverage coverage:
                    Cover(c, coverage, report, s, e);
                    break;
                case AggregateComputeCap aggregate:
                    AddToPeriods(c, aggregate, report, s, e, now, raised);
                    break;
            }
        }

        if (report.WorkloadId.Length == 0)
        {
            return raised;
        }

        var run = ResolveRun(report, s, e);
        AddToRun(run, report, s, e, now, UndeclaredPeers(report), raised);
        return raised;
    }

    /// <summary>
    /// Closes what ended by <paramref name="now"/>: coverage windows (judged Lateness after their end, counting a
    /// device as heard when the ledger saw a report of it overlapping the window or its last report ended inside
    /// it, per <paramref name="lastReportEndByDevice"/>), aggregate periods, lapsed after-threshold notice
    /// deadlines, and runs idle past the retention.
    /// </summary>
    public IReadOnlyList<Violation> Tick(DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> lastReportEndByDevice)
    {
        ArgumentNullException.ThrowIfNull(lastReportEndByDevice);
        var raised = new List<Violation>();
        foreach (var c in bound)
        {
            switch (c.Terms)
            {
                case MonitoringCoverage coverage:
                    CloseWindows(c, coverage, now, lastReportEndByDevice, raised);
                    break;
                case AggregateComputeCap aggregate:
                    ClosePeriods(c, aggregate, now);
                    break;
            }
        }

        CheckNoticeDeadlines(now, raised);
        Retire(now);
        return raised;
    }

    /// <summary>Each commitment's standing at <paramref name="now"/>, with why and the FLOP basis.</summary>
    public IReadOnlyList<CommitmentEvaluation> Evaluate(DateTimeOffset now)
    {
        var result = new List<CommitmentEvaluation>(bound.Count);
        foreach (var c in bound)
        {
            result.Add(EvaluateOne(c, now));
        }

        return result;
    }

    /// <summary>
    /// The open runs as the ledger joined them (oldest first), each with its workload ids, why they were joined,
    /// and the FLOP it counts toward <paramref name="commitmentId"/> (null when the run touched no span of it).
    /// </summary>
    public IReadOnlyList<RunSummary> Runs(string commitmentId)
    {
        ArgumentNullException.ThrowIfNull(commitmentId);
        return [.. state.Runs.Values.OrderBy(r => r.Sequence).Select(r => new RunSummary(
            r.Id,
            [.. r.Members],
            [.. r.MergeReasons],
            r.TotalFlop,
            r.ByCommitment.TryGetValue(commitmentId, out var rc) ? rc.Flop : null))];
    }

    /// <summary>The durable state as UTF-8 JSON (System.Text.Json); bounded by open runs, periods and windows.</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(state, Json);

    /// <summary>Restores a ledger written by <see cref="ToBytes"/>; it behaves exactly as the one written.</summary>
    /// <exception cref="FormatException">The bytes are not a ledger of a known version.</exception>
    public static ComplianceLedger FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        LedgerState? restored;
        try
        {
            restored = JsonSerializer.Deserialize<LedgerState>(bytes, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("not a compliance ledger", ex);
        }

        if (restored is null || restored.Version != 1 || string.IsNullOrEmpty(restored.PartyId))
        {
            throw new FormatException("not a compliance ledger of version 1");
        }

        return new ComplianceLedger(restored);
    }

    // ---- commitments -------------------------------------------------------------------------------

    private void Compile()
    {
        bound.Clear();
        foreach (var record in state.Commitments)
        {
            bound.Add(new Bound(record, record.Terms.ToTerms()));
        }
    }

    /// <summary>A commitment with its span and pause window in ticks and its basis in words.</summary>
    private sealed class Bound
    {
        public Bound(CommitmentRecord record, CommitmentTerms terms)
        {
            Record = record;
            Terms = terms;
            From = record.ActiveFrom.UtcTicks;
            Until = record.ActiveUntil?.UtcTicks ?? DateTimeOffset.MaxValue.UtcTicks;
            if (terms is PauseWindow pause)
            {
                var start = (pause.StartsAt ?? record.ActiveFrom).UtcTicks;
                var end = CommitmentSchedule.EndsAt(terms, record.ActiveFrom)?.UtcTicks ?? Until;
                PauseStart = Math.Max(start, From);
                PauseEnd = Math.Min(end, Until);
            }

            Precision = terms switch
            {
                TrainingRunComputeCap t => t.Measure.Precision,
                AggregateComputeCap t => t.Measure.Precision,
                NotifyTraining t => t.Measure.Precision,
                ClusterSizeCap t => t.Precision,
                _ => null,
            };
            Basis = BasisOf(terms);
        }

        public CommitmentRecord Record { get; }
        public CommitmentTerms Terms { get; }
        public string Id => Record.Id;
        public long From { get; }
        public long Until { get; }
        public long PauseStart { get; }
        public long PauseEnd { get; }
        public Precision? Precision { get; }
        public string Basis { get; }
    }

    internal static string BasisOf(CommitmentTerms terms)
    {
        const string Span = "counted only inside the commitment's active span";
        return terms switch
        {
            TrainingRunComputeCap t => MeasureBasis(t.Measure, Span),
            AggregateComputeCap t => MeasureBasis(t.Measure, Span),
            NotifyTraining t => MeasureBasis(t.Measure, Span),
            PauseWindow or MonitoredBand =>
                $"FLOP as reported: active seconds x utilisation x peak dense FLOP/s at each report's precision, {Span}",
            ClusterSizeCap { Scope: ClusterScope.UnmonitoredFacilities } c =>
                $"peers named by monitored devices that are not declared devices, in the same {{slot}} slot of one run, each counted as one H100 SXM (model unknown) at peak dense {Name(c.Precision)}{ClusterUnitWords(c)}",
            ClusterSizeCap c =>
                $"devices of one run reporting in the same {{slot}} slot, each at its model's peak dense {Name(c.Precision)} FLOP/s{ClusterUnitWords(c)}",
            MonitoringCoverage =>
                "declared devices heard in the window (a verified report overlapping it, or a last report ending inside it) over all declared devices",
            InspectionAccess => "none: monitoring reports carry compute, not inspector visits",
            _ => string.Empty,
        };
    }

    private static string ClusterUnitWords(ClusterSizeCap c) =>
        c.Unit == ClusterUnit.H100Equivalents ? " over the H100 SXM's (H100-equivalents)" : " (FLOP/s)";

    private static string MeasureBasis(ComputeMeasure measure, string span)
    {
        var text = $"FLOP estimated from active seconds x utilisation x peak dense {Name(measure.Precision)} FLOP/s of each device's model "
            + $"(reports in another precision restated by the ratio of the model's peaks), {span}";
        return measure.Basis switch
        {
            CountingBasis.HardwareCounters => text + "; the commitment counts hardware counters, so this is the monitoring estimate of that figure",
            CountingBasis.Analytic => text + "; the commitment counts an analytic estimate, so this is the monitoring estimate of that figure",
            _ => text,
        };
    }

    private static string Name(Precision precision) => precision.ToString().ToUpperInvariant();

    private string BasisFor(Bound c) => c.Basis.Replace("{slot}", FormatSpan(state.ClusterSlot), StringComparison.Ordinal);

    // ---- periods and windows -----------------------------------------------------------------------

    private void AddToPeriods(Bound c, AggregateComputeCap cap, VerifiedReport report, long s, long e, DateTimeOffset now, List<Violation> raised)
    {
        var lo = Math.Max(s, c.From);
        var hi = Math.Min(e, c.Until);
        if (hi <= lo)
        {
            return;
        }

        var flop = Restate(report, c.Precision);
        var p = cap.Period.Ticks;
        var first = (lo - c.From) / p;
        var last = (hi - 1 - c.From) / p;
        for (var k = Math.Max(first, c.Record.PeriodsClosedBefore); k <= last; k++)
        {
            var pStart = c.From + (k * p);
            var portion = Portion(flop, s, e, Math.Max(pStart, lo), Math.Min(pStart + p, hi));
            if (!c.Record.Periods.TryGetValue(k, out var period))
            {
                period = new PeriodState { First = report.Evidence };
                c.Record.Periods[k] = period;
            }

            period.Flop += portion;
            c.Record.MaxMeasured = Math.Max(c.Record.MaxMeasured ?? 0, period.Flop);
            if (!period.Raised && period.Flop > cap.MaxFlop)
            {
                period.Raised = true;
                var subject = $"period {FormatTime(new DateTimeOffset(pStart, TimeSpan.Zero))}/{FormatTime(new DateTimeOffset(pStart + p, TimeSpan.Zero))}";
                Raise(
                    c,
                    ComplianceRules.AggregateCap,
                    subject,
                    subject.Replace(' ', ':'),
                    period.Flop,
                    cap.MaxFlop,
                    "FLOP",
                    [period.First, report.Evidence],
                    now,
                    $"the party's compute in {subject} reached {F(period.Flop)} FLOP, above the aggregate cap of {F(cap.MaxFlop)} FLOP per {FormatSpan(cap.Period)}; "
                        + $"the report of device '{report.DeviceId}' ending {FormatTime(report.IntervalEnd)} took it over",
                    raised);
            }
        }
    }

    private void ClosePeriods(Bound c, AggregateComputeCap cap, DateTimeOffset now)
    {
        var horizon = SafeTicks(now) - state.Lateness.Ticks;
        if (horizon <= c.From)
        {
            return;
        }

        var closedBefore = (horizon - c.From) / cap.Period.Ticks;
        if (closedBefore <= c.Record.PeriodsClosedBefore)
        {
            return;
        }

        foreach (var k in c.Record.Periods.Keys.Where(k => k < closedBefore).ToList())
        {
            c.Record.Periods.Remove(k);
        }

        c.Record.PeriodsClosedBefore = closedBefore;
    }

    private void Cover(Bound c, MonitoringCoverage coverage, VerifiedReport report, long s, long e)
    {
        if (!declared.Contains(report.DeviceId))
        {
            return;
        }

        var lo = Math.Max(s, c.From);
        var hi = Math.Min(e, c.Until);
        if (hi <= lo)
        {
            return;
        }

        var w = coverage.Window.Ticks;
        var last = (hi - 1 - c.From) / w;
        for (var k = Math.Max((lo - c.From) / w, c.Record.WindowsClosedBefore); k <= last; k++)
        {
            if (!c.Record.Windows.TryGetValue(k, out var heard))
            {
                heard = new HashSet<string>(StringComparer.Ordinal);
                c.Record.Windows[k] = heard;
            }

            heard.Add(report.DeviceId);
        }
    }

    private void CloseWindows(Bound c, MonitoringCoverage coverage, DateTimeOffset now, IReadOnlyDictionary<string, DateTimeOffset?> lastEnds, List<Violation> raised)
    {
        var w = coverage.Window.Ticks;
        var horizon = SafeTicks(now) - state.Lateness.Ticks;
        while (true)
        {
            var k = c.Record.WindowsClosedBefore;
            var start = c.From + (k * w);
            if (start >= c.Until)
            {
                return;
            }

            var end = Math.Min(start + w, c.Until);
            if (end > horizon)
            {
                return;
            }

            c.Record.Windows.Remove(k, out var heardInLedger);
            c.Record.WindowsClosedBefore = k + 1;
            if (declared.Count == 0)
            {
                continue;
            }

            var silent = new List<string>();
            var heard = 0;
            foreach (var id in state.DeclaredDevices)
            {
                var lastEnd = lastEnds.TryGetValue(id, out var t) ? t : null;
                if ((heardInLedger?.Contains(id) ?? false) || (lastEnd is { } le && le.UtcTicks > start && le.UtcTicks <= end))
                {
                    heard++;
                }
                else
                {
                    silent.Add(id);
                }
            }

            var n = state.DeclaredDevices.Count;
            var share = (double)heard / n;
            c.Record.LastShare = share;
            c.Record.MaxMeasured = share;
            if (ExactComparison.Compare(coverage.MinShare, heard, n) > 0)
            {
                var subject = $"window {FormatTime(new DateTimeOffset(start, TimeSpan.Zero))}/{FormatTime(new DateTimeOffset(end, TimeSpan.Zero))}";
                var named = string.Join(", ", silent.Take(MaxNamedDevices).Select(id =>
                    lastEnds.TryGetValue(id, out var t) && t is { } le ? $"'{id}' (last report ended {FormatTime(le)})" : $"'{id}' (no report known)"));
                var more = silent.Count > MaxNamedDevices ? $" and {silent.Count - MaxNamedDevices} more" : string.Empty;
                Raise(
                    c,
                    ComplianceRules.Coverage,
                    subject,
                    subject.Replace(' ', ':'),
                    share,
                    coverage.MinShare,
                    "share of declared devices",
                    [],
                    now,
                    $"{heard} of {n} declared devices reported in {subject}, below the required share of {F(coverage.MinShare)}; silent: {named}{more}",
                    raised);
            }
        }
    }

    // ---- runs --------------------------------------------------------------------------------------

    private string Find(string workloadId) =>
        state.MergedInto.TryGetValue(workloadId, out var root) ? root : workloadId;

    private RunState ResolveRun(VerifiedReport report, long s, long e)
    {
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
        var fingerprint = CachedFingerprint(report.DeviceId, report.PeerDeviceHashes);
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
                        + $"{FormatTime(new DateTimeOffset(span.Start, TimeSpan.Zero))} to {FormatTime(new DateTimeOffset(span.End, TimeSpan.Zero))}), so they are one run";
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
            foreach (var c in bound)
            {
                if (c.Terms is ClusterSizeCap cap && cap.Scope == ClusterScope.AllFacilities)
                {
                    mine.Sums[c.Id] = mine.Devices.Values.Sum(m => Capacity(m, cap));
                }
            }
        }

        return root;
    }

    private List<string>? UndeclaredPeers(VerifiedReport report)
    {
        List<string>? undeclared = null;
        foreach (var peer in report.PeerDeviceHashes)
        {
            if (!declaredHashes.Contains(peer))
            {
                (undeclared ??= []).Add(Convert.ToHexStringLower(peer));
            }
        }

        return undeclared;
    }

    private void AddToRun(RunState run, VerifiedReport report, long s, long e, DateTimeOffset now, List<string>? undeclared, List<Violation> raised)
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

        var touchesCluster = false;
        foreach (var c in bound)
        {
            if (c.Terms is InspectionAccess or MonitoringCoverage or AggregateComputeCap)
            {
                continue;
            }

            if (!run.ByCommitment.TryGetValue(c.Id, out var rc))
            {
                rc = new RunCommitmentState();
                run.ByCommitment[c.Id] = rc;
            }

            if (c.Terms is ClusterSizeCap)
            {
                touchesCluster = true;
                continue;
            }

            rc.Flop += Portion(Restate(report, c.Precision), s, e, c.From, c.Until);
            switch (c.Terms)
            {
                case TrainingRunComputeCap cap:
                    c.Record.MaxMeasured = Math.Max(c.Record.MaxMeasured ?? 0, rc.Flop);
                    if (!rc.Raised && rc.Flop > cap.MaxFlop)
                    {
                        rc.Raised = true;
                        RaiseForRun(c, ComplianceRules.RunCap, run, rc.Flop, cap.MaxFlop, "FLOP", [run.FirstEvidence, report.Evidence], now,
                            $"run '{run.Id}' used {F(rc.Flop)} FLOP, above the per-run cap of {F(cap.MaxFlop)} FLOP; "
                                + $"the report of device '{report.DeviceId}' ending {FormatTime(report.IntervalEnd)} took it over",
                            raised);
                    }

                    break;
                case PauseWindow pause:
                    rc.InWindowFlop += Portion(report.EstimatedFlop, s, e, c.PauseStart, c.PauseEnd);
                    c.Record.MaxMeasured = Math.Max(c.Record.MaxMeasured ?? 0, rc.Flop);
                    if (!rc.Raised && rc.InWindowFlop > 0 && rc.Flop > pause.ScopeMinFlop)
                    {
                        rc.Raised = true;
                        RaiseForRun(c, ComplianceRules.Pause, run, rc.InWindowFlop, 0, "FLOP inside the pause window", [run.FirstEvidence, report.Evidence], now,
                            $"run '{run.Id}' totals {F(rc.Flop)} FLOP, above the pause scope of {F(pause.ScopeMinFlop)} FLOP, and accrued {F(rc.InWindowFlop)} FLOP "
                                + $"inside the pause window {PauseWindowText(c)}",
                            raised);
                    }

                    break;
                case NotifyTraining notify:
                    c.Record.MaxMeasured = Math.Max(c.Record.MaxMeasured ?? 0, rc.Flop);
                    if (rc.CrossedAt is null && rc.Flop > notify.ThresholdFlop)
                    {
                        rc.CrossedAt = report.IntervalEnd;
                        rc.CrossingEvidence = report.Evidence;
                        JudgeNotice(c, notify, run, rc, now, raised);
                    }

                    break;
                case MonitoredBand band:
                    if (!rc.Raised && run.UndeclaredPeer is not null && rc.Flop > band.MinFlop && rc.Flop <= band.MaxFlop)
                    {
                        rc.Raised = true;
                        RaiseForRun(c, ComplianceRules.MonitoredBand, run, rc.Flop, band.MinFlop, "FLOP", [run.FirstEvidence, run.UndeclaredEvidence, report.Evidence], now,
                            $"run '{run.Id}' is in the monitored band ({F(band.MinFlop)}, {F(band.MaxFlop)}] FLOP at {F(rc.Flop)} FLOP and its reports name peer device "
                                + $"{run.UndeclaredPeer} (SHA-256 of its id), which is not among the party's declared devices",
                            raised);
                    }

                    break;
            }
        }

        if (touchesCluster)
        {
            AddToSlots(run, report, s, e, now, undeclared, raised);
        }
    }

    private void JudgeNotice(Bound c, NotifyTraining notify, RunState run, RunCommitmentState rc, DateTimeOffset now, List<Violation> raised)
    {
        var crossed = rc.CrossedAt!.Value;
        if (notify.Timing == NoticeTiming.BeforeThreshold)
        {
            var latest = SafeSubtract(crossed, notify.NoticePeriod);
            if (FindNotice(run, notify.ThresholdFlop, latest) is not null)
            {
                rc.NoticeMet = true;
                return;
            }

            rc.Raised = true;
            RaiseForRun(c, ComplianceRules.NoticeBeforeThreshold, run, rc.Flop, notify.ThresholdFlop, "FLOP", [run.FirstEvidence, rc.CrossingEvidence], now,
                $"run '{run.Id}' crossed {F(notify.ThresholdFlop)} FLOP at {FormatTime(crossed)} (end of the report that took it over) with no notice "
                    + $"of at least that much compute signed by {FormatTime(latest)}, {FormatSpan(notify.NoticePeriod)} before{NotifyWhom(notify)}",
                raised);
            return;
        }

        var due = SafeAdd(crossed, notify.NoticePeriod);
        if (FindNotice(run, notify.ThresholdFlop, due) is not null)
        {
            rc.NoticeMet = true;
            return;
        }

        rc.NoticeDue = due;
        if (now > due)
        {
            RaiseOverdue(c, notify, run, rc, now, raised);
        }
    }

    private void RaiseOverdue(Bound c, NotifyTraining notify, RunState run, RunCommitmentState rc, DateTimeOffset now, List<Violation> raised)
    {
        rc.Raised = true;
        var due = rc.NoticeDue!.Value;
        rc.NoticeDue = null;
        RaiseForRun(c, ComplianceRules.NoticeAfterThreshold, run, rc.Flop, notify.ThresholdFlop, "FLOP", [run.FirstEvidence, rc.CrossingEvidence], now,
            $"run '{run.Id}' crossed {F(notify.ThresholdFlop)} FLOP at {FormatTime(rc.CrossedAt!.Value)} and no notice of at least that much compute "
                + $"was signed by {FormatTime(due)}, {FormatSpan(notify.NoticePeriod)} after{NotifyWhom(notify)}"
                + (notify.Anticipatory ? "; the commitment is anticipatory, but when the lab first knew is not in the evidence, so the crossing sets the deadline" : string.Empty),
            raised);
    }

    private static string NotifyWhom(NotifyTraining notify) =>
        notify.NotifyPartyId is { } p ? $" (to '{p}')" : string.Empty;

    private TrainingNotice? FindNotice(RunState run, double threshold, DateTimeOffset signedBy)
    {
        foreach (var member in run.Members)
        {
            if (state.Notices.TryGetValue(member, out var notices))
            {
                foreach (var n in notices)
                {
                    if (n.ExpectedFlop >= threshold && n.SignedAt <= signedBy)
                    {
                        return n;
                    }
                }
            }
        }

        return null;
    }

    private void CheckNoticeDeadlines(DateTimeOffset now, List<Violation> raised)
    {
        foreach (var c in bound)
        {
            if (c.Terms is not NotifyTraining { Timing: NoticeTiming.AfterThreshold } notify)
            {
                continue;
            }

            foreach (var run in state.Runs.Values.OrderBy(r => r.Sequence))
            {
                if (run.ByCommitment.TryGetValue(c.Id, out var rc) && rc.NoticeDue is { } due && !rc.Raised)
                {
                    if (FindNotice(run, notify.ThresholdFlop, due) is not null)
                    {
                        rc.NoticeDue = null;
                        rc.NoticeMet = true;
                    }
                    else if (now > due)
                    {
                        RaiseOverdue(c, notify, run, rc, now, raised);
                    }
                }
            }
        }
    }

    private void AddToSlots(RunState run, VerifiedReport report, long s, long e, DateTimeOffset now, List<string>? undeclared, List<Violation> raised)
    {
        var slot = state.ClusterSlot.Ticks;
        var first = s / slot;
        var last = (e - 1) / slot;
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

            if (!newDevice && !newPeers)
            {
                continue;
            }

            var slotStart = k * slot;
            foreach (var c in bound)
            {
                if (c.Terms is not ClusterSizeCap cap || slotStart + slot <= c.From || slotStart >= c.Until)
                {
                    continue;
                }

                double size;
                if (cap.Scope == ClusterScope.AllFacilities)
                {
                    st.Sums.TryGetValue(c.Id, out var sum);
                    if (newDevice)
                    {
                        sum += Capacity(report.Model, cap);
                        st.Sums[c.Id] = sum;
                    }

                    size = sum;
                }
                else
                {
                    size = st.UndeclaredPeers.Count * Capacity(DeviceModel.H100Sxm, cap);
                }

                var rc = run.ByCommitment[c.Id];
                rc.MaxCluster = Math.Max(rc.MaxCluster, size);
                c.Record.MaxMeasured = Math.Max(c.Record.MaxMeasured ?? 0, size);
                if (!rc.Raised && size > cap.Limit)
                {
                    rc.Raised = true;
                    var unit = cap.Unit == ClusterUnit.H100Equivalents ? $"H100-equivalents ({Name(cap.Precision)})" : $"FLOP/s ({Name(cap.Precision)} peak dense)";
                    var what = cap.Scope == ClusterScope.AllFacilities
                        ? $"{st.Devices.Count} devices"
                        : $"{st.UndeclaredPeers.Count} undeclared (unmonitored) peer devices";
                    RaiseForRun(c, ComplianceRules.ClusterSize, run, size, cap.Limit, unit, [run.FirstEvidence, report.Evidence], now,
                        $"run '{run.Id}' had {what} concurrently in the slot {FormatTime(new DateTimeOffset(slotStart, TimeSpan.Zero))} + {FormatSpan(state.ClusterSlot)}: "
                            + $"{F(size)} {unit}, above the cap of {F(cap.Limit)}",
                        raised);
                }
            }
        }
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

    internal static double Capacity(DeviceModel model, ClusterSizeCap cap)
    {
        var precision = DeviceModels.Supports(model, cap.Precision) ? cap.Precision : Precision.Bf16;
        var peak = DeviceModels.PeakDenseFlopPerSecond(model, precision);
        return cap.Unit == ClusterUnit.H100Equivalents ? peak / DeviceModels.PeakDenseFlopPerSecond(DeviceModel.H100Sxm, precision) : peak;
    }

    private void Retire(DateTimeOffset now)
    {
        var horizon = SafeTicks(now) - state.RunRetention.Ticks;
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

        // Notices for runs never seen are kept for the retention plus the longest notice period.
        var longest = bound.Select(c => c.Terms is NotifyTraining n ? n.NoticePeriod : TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
        var noticeHorizon = horizon - Math.Min(longest.Ticks, horizon - DateTimeOffset.MinValue.UtcTicks);
        foreach (var (w, notices) in state.Notices.ToList())
        {
            if (!state.Runs.ContainsKey(Find(w)) && notices.All(n => n.SignedAt.UtcTicks <= noticeHorizon))
            {
                state.Notices.Remove(w);
            }
        }
    }

    // ---- evaluations -------------------------------------------------------------------------------

    private CommitmentEvaluation EvaluateOne(Bound c, DateTimeOffset now)
    {
        var kind = c.Terms.Kind;
        var basis = BasisFor(c);
        var limit = LimitOf(c.Terms);
        var measured = c.Record.MaxMeasured;
        if (c.Terms is InspectionAccess)
        {
            return new(c.Id, kind, ComplianceState.NotVerifiable,
                "monitoring reports show compute, not whether inspectors were admitted at the stated notice; an inspector's signed verdict decides it",
                null, null, basis);
        }

        if (c.Record.FirstViolation is { } v)
        {
            var more = c.Record.ViolationCount > 1 ? $" ({c.Record.ViolationCount} violations)" : string.Empty;
            return new(c.Id, kind, ComplianceState.Breached, $"breached{more}: {v.Explanation}", v.Measured, v.Limit, basis);
        }

        if (now.UtcTicks < c.From)
        {
            return new(c.Id, kind, ComplianceState.Holds, $"not binding yet: it binds from {FormatTime(c.Record.ActiveFrom)}", null, limit, basis);
        }

        var span = c.Record.ActiveUntil is { } until && now >= until
            ? $"bound from {FormatTime(c.Record.ActiveFrom)} until {FormatTime(until)}"
            : $"binding since {FormatTime(c.Record.ActiveFrom)}";
        switch (c.Terms)
        {
            case MonitoringCoverage when state.DeclaredDevices.Count == 0:
                return new(c.Id, kind, ComplianceState.NotVerifiable, $"{span}; the party declared no devices, so there is nothing to cover", null, limit, basis);
            case MonitoringCoverage:
                return new(c.Id, kind, ComplianceState.Holds,
                    c.Record.LastShare is { } share
                        ? $"{span}; every closed window met the share (last: {F(share)} of {state.DeclaredDevices.Count} declared devices)"
                        : $"{span}; no window has closed yet",
                    c.Record.LastShare, limit, basis);
            case ClusterSizeCap { Scope: ClusterScope.UnmonitoredFacilities }:
                return new(c.Id, kind, ComplianceState.NotVerifiable,
                    $"{span}; a facility with no monitored device sends no reports, so only unmonitored peers named by monitored devices are seen "
                        + $"(largest such cluster: {F(measured ?? 0)}); no breach among them",
                    measured, limit, basis);
            case MonitoredBand:
                return new(c.Id, kind, ComplianceState.Holds, $"{span}; no run in the band named a peer device that is not declared", null, limit, basis);
            case NotifyTraining n:
                var pending = state.Runs.Values.Where(r => r.ByCommitment.TryGetValue(c.Id, out var rc) && rc.NoticeDue is not null).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
                return new(c.Id, kind, ComplianceState.Holds,
                    pending.Count > 0
                        ? $"{span}; run(s) {string.Join(", ", pending)} crossed {F(n.ThresholdFlop)} FLOP and their notice is due within {FormatSpan(n.NoticePeriod)} of crossing"
                        : $"{span}; every run that crossed {F(n.ThresholdFlop)} FLOP was notified in time (largest run: {F(measured ?? 0)} FLOP)",
                    measured, limit, basis);
            default:
                return new(c.Id, kind, ComplianceState.Holds, $"{span}; no violation in the evidence (largest measured: {F(measured ?? 0)})", measured, limit, basis);
        }
    }

    private static double? LimitOf(CommitmentTerms terms) => terms switch
    {
        TrainingRunComputeCap t => t.MaxFlop,
        AggregateComputeCap t => t.MaxFlop,
        ClusterSizeCap t => t.Limit,
        PauseWindow t => t.ScopeMinFlop,
        NotifyTraining t => t.ThresholdFlop,
        MonitoringCoverage t => t.MinShare,
        MonitoredBand t => t.MaxFlop,
        _ => null,
    };

    // ---- helpers -----------------------------------------------------------------------------------

    private void RaiseForRun(Bound c, string rule, RunState run, double measured, double limit, string unit, EvidenceRef?[] evidence, DateTimeOffset now, string explanation, List<Violation> raised)
    {
        if (run.Members.Count > 1)
        {
            explanation += $". Run '{run.Id}' joins workload ids {string.Join(", ", run.Members.Select(m => $"'{m}'"))}: {string.Join("; ", run.MergeReasons)}";
        }

        var idSubject = $"{run.Id}@{run.Sequence.ToString(CultureInfo.InvariantCulture)}";
        Raise(c, rule, $"run {run.Id}", idSubject, measured, limit, unit, evidence, now, explanation, raised);
    }

    private void Raise(Bound c, string rule, string subject, string idSubject, double measured, double limit, string unit, EvidenceRef?[] evidence, DateTimeOffset now, string explanation, List<Violation> raised)
    {
        var refs = new List<EvidenceRef>(evidence.Length);
        foreach (var e in evidence)
        {
            if (e is not null && !refs.Contains(e))
            {
                refs.Add(e);
            }
        }

        var v = new Violation($"{c.Id}/{rule}/{idSubject}", c.Id, c.Terms.Kind, rule, subject, measured, limit, unit, BasisFor(c), refs, now, explanation + ".");
        c.Record.FirstViolation ??= v;
        c.Record.ViolationCount++;
        raised.Add(v);
    }

    private string PauseWindowText(Bound c) =>
        c.PauseEnd == DateTimeOffset.MaxValue.UtcTicks
            ? $"from {FormatTime(new DateTimeOffset(c.PauseStart, TimeSpan.Zero))} (open until released)"
            : $"{FormatTime(new DateTimeOffset(c.PauseStart, TimeSpan.Zero))} to {FormatTime(new DateTimeOffset(c.PauseEnd, TimeSpan.Zero))}";

    /// <summary>The report's FLOP restated in <paramref name="to"/> by the ratio of its model's peaks (as reported when null or equal).</summary>
    internal static double Restate(VerifiedReport report, Precision? to)
    {
        if (to is not { } p || p == report.Precision || !DeviceModels.Supports(report.Model, p) || !DeviceModels.Supports(report.Model, report.Precision))
        {
            return report.EstimatedFlop;
        }

        return report.EstimatedFlop * (DeviceModels.PeakDenseFlopPerSecond(report.Model, p) / DeviceModels.PeakDenseFlopPerSecond(report.Model, report.Precision));
    }

    /// <summary>The share of <paramref name="flop"/> over [s, e) that falls in [lo, hi): all of it (exactly) when inside.</summary>
    internal static double Portion(double flop, long s, long e, long lo, long hi)
    {
        if (s >= lo && e <= hi)
        {
            return flop;
        }

        var a = Math.Max(s, lo);
        var b = Math.Min(e, hi);
        return b <= a ? 0 : flop * ((double)(b - a) / (e - s));
    }

    private byte[] DeviceHash(string deviceId)
    {
        if (!deviceHashes.TryGetValue(deviceId, out var hash))
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(deviceId));
            deviceHashes[deviceId] = hash;
        }

        return hash;
    }

    private string CachedFingerprint(string deviceId, IReadOnlyList<byte[]> peers)
    {
        if (lastFingerprint.TryGetValue(deviceId, out var last) && last.Peers.Count == peers.Count)
        {
            var same = true;
            for (var i = 0; i < peers.Count && same; i++)
            {
                same = last.Peers[i].AsSpan().SequenceEqual(peers[i]);
            }

            if (same)
            {
                return last.Fingerprint;
            }
        }

        var fingerprint = Fingerprint(DeviceHash(deviceId), peers);
        lastFingerprint[deviceId] = ([.. peers.Select(p => (byte[])p.Clone())], fingerprint);
        return fingerprint;
    }

    /// <summary>SHA-256 over the sorted, distinct 32-byte hashes of a device and its peers, as lowercase hex.</summary>
    internal static string Fingerprint(byte[] own, IReadOnlyList<byte[]> peers)
    {
        var all = new byte[peers.Count + 1][];
        var keys = new ulong[all.Length];
        all[0] = own;
        keys[0] = BinaryPrimitives.ReadUInt64BigEndian(own);
        for (var i = 0; i < peers.Count; i++)
        {
            all[i + 1] = peers[i];
            keys[i + 1] = BinaryPrimitives.ReadUInt64BigEndian(peers[i]);
        }

        // Sorting by the first 8 bytes (big-endian) is sorting by content unless two prefixes tie; then a
        // stable pass by full content settles the order.
        Array.Sort(keys, all);
        for (var i = 1; i < all.Length; i++)
        {
            for (var j = i; j > 0 && keys[j] == keys[j - 1] && ByteArrayComparer.Instance.Compare(all[j - 1], all[j]) > 0; j--)
            {
                (all[j - 1], all[j]) = (all[j], all[j - 1]);
            }
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[]? previous = null;
        foreach (var h in all)
        {
            if (previous is null || !h.AsSpan().SequenceEqual(previous))
            {
                sha.AppendData(h);
            }

            previous = h;
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private void Validate(VerifiedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!string.Equals(report.PartyId, state.PartyId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the report is party '{report.PartyId}''s, not '{state.PartyId}''s", nameof(report));
        }

        ArgumentException.ThrowIfNullOrEmpty(report.DeviceId);
        ArgumentNullException.ThrowIfNull(report.WorkloadId);
        ArgumentNullException.ThrowIfNull(report.PeerDeviceHashes);
        ArgumentNullException.ThrowIfNull(report.Evidence);
        if (report.IntervalEnd <= report.IntervalStart)
        {
            throw new ArgumentException("the interval must end after it starts", nameof(report));
        }

        if (!double.IsFinite(report.EstimatedFlop) || report.EstimatedFlop < 0)
        {
            throw new ArgumentException("the estimated FLOP must be finite and not negative", nameof(report));
        }

        if (!Enum.IsDefined(report.Model) || !Enum.IsDefined(report.Precision))
        {
            throw new ArgumentException("unknown device model or precision", nameof(report));
        }

        foreach (var peer in report.PeerDeviceHashes)
        {
            if (peer is not { Length: 32 })
            {
                throw new ArgumentException("every peer device hash is 32 bytes", nameof(report));
            }
        }
    }

    private static long SafeTicks(DateTimeOffset t) => t.UtcTicks;

    private static DateTimeOffset SafeAdd(DateTimeOffset t, TimeSpan d) =>
        DateTimeOffset.MaxValue - t < d ? DateTimeOffset.MaxValue : t + d;

    private static DateTimeOffset SafeSubtract(DateTimeOffset t, TimeSpan d) =>
        t - DateTimeOffset.MinValue < d ? DateTimeOffset.MinValue : t - d;

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string FormatSpan(TimeSpan d) => d.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Orders and compares byte arrays by content.</summary>
    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IComparer<byte[]>
    {
        public static ByteArrayComparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        // Device hashes are SHA-256 outputs; a party crafting colliding prefixes only slows its own ledger.
        public int GetHashCode(byte[] obj) =>
            obj.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(obj).GetHashCode() : HashCode.Combine(obj.Length, obj.Length > 0 ? obj[0] : 0);

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
