using System.Text.Json;
using Accord.Core.Compliance.Rules;
using static Accord.Core.Compliance.LedgerText;

namespace Accord.Core.Compliance;

/// <summary>
/// One party's compliance, computed incrementally from verified reports: every report updates running
/// aggregates (per run, per period, per window) and is then forgotten, so the cost per report does not
/// grow with history and the state is bounded by open runs, periods and windows (docs/compliance.md).
/// Each commitment is judged by the rule of its kind (<see cref="ICommitmentRule"/>, one per kind in
/// <c>Compliance/Rules</c>); this class keeps what they share: the runs, the notices, the declared devices,
/// the durable state, and the order in which rules hear of reports and time.
/// Not thread-safe: one caller at a time (the party's compliance grain).
/// </summary>
public sealed class ComplianceLedger
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly LedgerState state;
    private readonly List<ICommitmentRule> rules = [];
    private readonly PeerFingerprints fingerprints = new();
    private readonly DeclaredDevices declared;
    private readonly LedgerContext context;
    private readonly RunTracker runs;

    /// <summary>An empty ledger for <paramref name="partyId"/>.</summary>
    public ComplianceLedger(string partyId, ComplianceOptions? options = null)
        : this(NewState(partyId, options))
    {
    }

    private ComplianceLedger(LedgerState state)
    {
        this.state = state;
        declared = new DeclaredDevices(fingerprints);
        context = new LedgerContext(state, declared);
        runs = new RunTracker(state, fingerprints, rules);
        Compile();
        foreach (var id in state.DeclaredDevices)
        {
            declared.Add(id);
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

            var record = old.TryGetValue(c.CommitmentId, out var kept) ? kept : new CommitmentRecord { Id = c.CommitmentId, EvidenceReports = 0 };
            record.Terms = TermsRecord.From(c.Terms);
            if (record.ActiveFrom != c.ActiveFrom)
            {
                // Periods and windows are aligned to ActiveFrom: a new start starts them afresh, and the evidence
                // must come from after it.
                record.Periods.Clear();
                record.Windows.Clear();
                record.PeriodsClosedBefore = 0;
                record.WindowsClosedBefore = 0;
                record.EvidenceReports = 0;
                record.LastEvidenceEnd = null;
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
        foreach (var id in deviceIds)
        {
            ArgumentException.ThrowIfNullOrEmpty(id);
            declared.Add(id);
        }

        state.DeclaredDevices = declared.Ordered();
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
        foreach (var rule in rules)
        {
            rule.OnDeadlines(now, raised);
        }

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
        var fromDeclaredDevice = declared.Contains(report.DeviceId);
        foreach (var rule in rules)
        {
            if (rule.NeedsComputeEvidence)
            {
                ComputeEvidence.Count(rule, report, fromDeclaredDevice);
            }

            rule.OnReport(report, now, raised);
        }

        if (report.WorkloadId.Length == 0)
        {
            return raised;
        }

        var undeclared = declared.UndeclaredPeers(report);
        var run = runs.Resolve(report);
        RunTracker.Note(run, report, undeclared);
        var countsSlots = false;
        foreach (var rule in rules)
        {
            if (rule.TracksRuns)
            {
                rule.OnRunReport(run, RunTracker.StateOf(run, rule.Id), report, now, raised);
                countsSlots |= rule.CountsSlots;
            }
        }

        if (countsSlots)
        {
            foreach (var (slot, slotStart, newDevice) in runs.AddToSlots(run, report, undeclared))
            {
                foreach (var rule in rules)
                {
                    if (rule.CountsSlots)
                    {
                        rule.OnSlot(run, slot, slotStart, newDevice, report, now, raised);
                    }
                }
            }
        }

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
        foreach (var rule in rules)
        {
            rule.OnTick(now, lastReportEndByDevice, raised);
        }

        foreach (var rule in rules)
        {
            rule.OnDeadlines(now, raised);
        }

        runs.Retire(now, rules.Select(r => r.NoticeRetention).DefaultIfEmpty(TimeSpan.Zero).Max());
        return raised;
    }

    /// <summary>Each commitment's standing at <paramref name="now"/>, with why and the FLOP basis.</summary>
    public IReadOnlyList<CommitmentEvaluation> Evaluate(DateTimeOffset now)
    {
        var result = new List<CommitmentEvaluation>(rules.Count);
        foreach (var rule in rules)
        {
            result.Add(EvaluateOne(rule, now));
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

    private static LedgerState NewState(string partyId, ComplianceOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(partyId);
        options ??= ComplianceOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ClusterSlot, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RunRetention, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Lateness, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Silence, TimeSpan.Zero, nameof(options));
        return new LedgerState
        {
            PartyId = partyId,
            RunRetention = options.RunRetention,
            ClusterSlot = options.ClusterSlot,
            Lateness = options.Lateness,
            Silence = options.Silence,
        };
    }

    /// <summary>One rule per commitment, in the order of the commitments.</summary>
    private void Compile()
    {
        rules.Clear();
        foreach (var record in state.Commitments)
        {
            rules.Add(CommitmentRuleKinds.Create(record, context));
        }
    }

    /// <summary>
    /// A commitment's standing: what monitoring cannot decide says so; a breach is final; a commitment not yet
    /// binding cannot have been broken; a compute commitment without the evidence to hold is not verifiable
    /// (<see cref="ComputeEvidence"/>); otherwise its rule judges it.
    /// </summary>
    private CommitmentEvaluation EvaluateOne(ICommitmentRule c, DateTimeOffset now)
    {
        var kind = c.Terms.Kind;
        if (c.Undecidable is { } undecidable)
        {
            return new(c.Id, kind, ComplianceState.NotVerifiable, undecidable, null, null, c.Basis);
        }

        if (c.Record.FirstViolation is { } v)
        {
            var more = c.Record.ViolationCount > 1 ? $" ({c.Record.ViolationCount} violations)" : string.Empty;
            return new(c.Id, kind, ComplianceState.Breached, $"breached{more}: {v.Explanation}", v.Measured, v.Limit, c.Basis);
        }

        if (now.UtcTicks < c.From)
        {
            return new(c.Id, kind, ComplianceState.Holds, $"not binding yet: it binds from {FormatTime(c.Record.ActiveFrom)}", null, c.Limit, c.Basis);
        }

        var span = c.Record.ActiveUntil is { } until && now >= until
            ? $"bound from {FormatTime(c.Record.ActiveFrom)} until {FormatTime(until)}"
            : $"binding since {FormatTime(c.Record.ActiveFrom)}";
        if (c.NeedsComputeEvidence && ComputeEvidence.Missing(c, now, state.DeclaredDevices.Count, state.Silence) is { } missing)
        {
            return new(c.Id, kind, ComplianceState.NotVerifiable, $"{span}; {missing}", c.Record.MaxMeasured, c.Limit, c.Basis);
        }

        return c.Evaluate(now, span);
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
}
