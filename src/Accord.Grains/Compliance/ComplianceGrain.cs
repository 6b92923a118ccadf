using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Monitoring;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Accord.Grains.Compliance;

/// <summary>
/// One party's compliance: the Core ledger fed with its verified reports and notices, its active
/// commitments and declared devices; new violations go to the feed and mark their commitments breached.
/// Reentrant with group commit: the ledger takes each call's reports in one turn, and the calls that
/// arrive while the ledger is being written share the next write (a lab's many devices ingest at once).
/// </summary>
[Reentrant]
public sealed class ComplianceGrain : Grain, IComplianceGrain
{
    private readonly IPersistentState<ComplianceGrainState> _state;
    private readonly TimeProvider _time;
    private readonly IWireFormat _wire;
    private readonly AccordMetrics _metrics;
    private readonly ILogger<ComplianceGrain> _logger;
    private readonly StateWriteCoalescer _writes;
    private readonly List<Violation> _unwritten = [];
    private ComplianceLedger? _ledger;
    private int _generation = 1;
    private int _loadedGeneration;
    private Task? _refreshing;
    private ImmutableList<string> _devices = [];
    private ImmutableList<ActiveCommitment> _commitments = [];

    public ComplianceGrain(
        [PersistentState("compliance", AccordStorage.Name)] IPersistentState<ComplianceGrainState> state,
        TimeProvider time,
        IWireFormat wire,
        AccordMetrics metrics,
        ILogger<ComplianceGrain> logger)
    {
        _logger = logger;
        _state = state;
        _time = time;
        _wire = wire;
        _metrics = metrics;
        _writes = new StateWriteCoalescer(WriteAndPublishAsync);
    }

    private string PartyId => this.GetPrimaryKeyString();

    /// <summary>Publishes what an earlier activation stored but could not confirm published.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => TryPublishAsync();

    private ComplianceLedger Ledger => _ledger ??= _state.State.Ledger.Length > 0 ? ComplianceLedger.FromBytes(_state.State.Ledger) : new ComplianceLedger(PartyId);

    public async Task Ingest(ImmutableList<VerifiedReportData> reports, CancellationToken cancellationToken = default)
    {
        await Refresh();
        var now = _time.GetUtcNow();
        var violations = new List<Violation>();
        foreach (var report in reports)
        {
            violations.AddRange(Ledger.Ingest(ToCore(report), now));
        }

        _state.State = _state.State with
        {
            Reports = _state.State.Reports + (ulong)reports.Count,
            TotalFlop = _state.State.TotalFlop + reports.Sum(r => r.EstimatedFlop),
        };
        await Save(violations, cancellationToken);
    }

    public async Task AddNotice(string workloadId, double expectedFlop, DateTimeOffset signedAt, EvidenceData evidence, CancellationToken cancellationToken = default)
    {
        await Refresh();
        var violations = Ledger.AddNotice(new TrainingNotice(workloadId, expectedFlop, signedAt, new EvidenceRef(evidence.LogIndex, evidence.LeafHash)), _time.GetUtcNow());
        await Save(violations, cancellationToken);
    }

    public async Task Tick(CancellationToken cancellationToken = default)
    {
        await Refresh();
        await TickTo(_time.GetUtcNow(), cancellationToken);
    }

    public async Task<LedgerFindingsData> GetFindings(CancellationToken cancellationToken = default)
    {
        await Refresh();
        var now = _time.GetUtcNow();
        await TickTo(now, cancellationToken);
        var spans = _commitments.ToDictionary(c => c.CommitmentId, StringComparer.Ordinal);
        return new LedgerFindingsData
        {
            At = now,
            Findings = [.. Ledger.Evaluate(now).Where(e => spans.ContainsKey(e.CommitmentId)).Select(e => new LedgerFindingData
            {
                Evaluation = ToData(e),
                ActiveFrom = spans[e.CommitmentId].ActiveFrom,
                ActiveUntil = spans[e.CommitmentId].ActiveUntil,
            })],
            DeclaredDevices = _devices,
        };
    }

    private async Task TickTo(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lastEnds = new Dictionary<string, DateTimeOffset?>();
        foreach (var deviceId in _devices)
        {
            var device = await GrainFactory.GetGrain<IDeviceGrain>(deviceId).Get();
            lastEnds[deviceId] = device?.LastIntervalEnd;
        }

        await Save(Ledger.Tick(now, lastEnds), cancellationToken);
    }

    public Task Changed()
    {
        _generation++;
        return Task.CompletedTask;
    }

    public async Task<ComplianceStatusData> GetStatus()
    {
        await Refresh();
        var silent = 0;
        foreach (var deviceId in _devices)
        {
            if ((await GrainFactory.GetGrain<IDeviceGrain>(deviceId).Get())?.SilentSince is not null)
            {
                silent++;
            }
        }

        return new ComplianceStatusData
        {
            Commitments = [.. Ledger.Evaluate(_time.GetUtcNow()).Select(ToData)],
            Reports = _state.State.Reports,
            TotalFlop = _state.State.TotalFlop,
            Devices = _devices.Count,
            SilentDevices = silent,
        };
    }

    /// <summary>
    /// Reads the party's active commitments and declared devices again when they changed since the last read.
    /// One reload at a time, shared by concurrent calls; a call that comes after a <see cref="Changed"/> waits
    /// for a reload that started after it.
    /// </summary>
    private async Task Refresh()
    {
        while (_loadedGeneration < _generation)
        {
            if (_refreshing is { IsCompleted: true })
            {
                _refreshing = null;
            }

            _refreshing ??= Reload(_generation);
            await _refreshing;
        }
    }

    private async Task Reload(int generation)
    {
        await ReadCommitmentsAndDevices();
        _loadedGeneration = Math.Max(_loadedGeneration, generation);
    }

    private async Task ReadCommitmentsAndDevices()
    {
        var commitments = new List<ActiveCommitment>();
        foreach (var id in (await GrainFactory.GetGrain<IPartyGrain>(PartyId).Get())?.CommitmentIds ?? [])
        {
            if (await GrainFactory.GetGrain<ICommitmentGrain>(id).Get() is { ActivatedAt: { } from } commitment)
            {
                var until = commitment.Status is StoredCommitmentStatus.Withdrawn or StoredCommitmentStatus.Fulfilled ? commitment.ClosedAt : commitment.EndsAt;
                commitments.Add(new ActiveCommitment(id, _wire.ReadCommitment(commitment.Statement!).Terms, from, until));
            }
        }

        _commitments = [.. commitments];
        _devices = [.. (await GrainFactory.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).List()).Where(d => d.Value == PartyId).Select(d => d.Key)];
        Ledger.SetCommitments(commitments);
        Ledger.SetDeclaredDevices(_devices);
    }

    /// <summary>Records new violations, then waits until a write covering this call's changes is durable and its violations published.</summary>
    private Task Save(IReadOnlyList<Violation> violations, CancellationToken cancellationToken)
    {
        foreach (var violation in violations)
        {
            if (!_state.State.RaisedViolations.Contains(violation.ViolationId) && !_unwritten.Exists(v => v.ViolationId == violation.ViolationId))
            {
                _unwritten.Add(violation);
            }
        }

        return _writes.AfterChange().WaitAsync(cancellationToken);
    }

    /// <summary>Persists the ledger (snapshot taken before the first await), then publishes the violations it covers and marks their commitments breached.</summary>
    private async Task WriteAndPublishAsync()
    {
        var fresh = _unwritten.ToList();
        _unwritten.Clear();
        _state.State = _state.State with
        {
            Ledger = Ledger.ToBytes(),
            RaisedViolations = _state.State.RaisedViolations.Union(fresh.Select(v => v.ViolationId)),
            Unpublished = _state.State.Unpublished.AddRange(fresh.Select(ToData)),
        };
        try
        {
            await _state.WriteStateAsync();
        }
        catch (Exception)
        {
            // The ledger in memory is ahead of storage: start again from what is stored. Until then the
            // violations this write carried stay in the outbox, so that a later write stores and publishes them.
            DeactivateOnIdle();
            throw;
        }

        foreach (var violation in fresh)
        {
            _metrics.ViolationRaised(violation.Rule);
        }

        await TryPublishAsync();
    }

    /// <summary>
    /// Publishes the outbox; a failure (the feed or a commitment unreachable) leaves it there for the next
    /// write (the liveness sweep's tick makes one regularly) or activation, and fails no caller: what they
    /// changed is already durable.
    /// </summary>
    private async Task TryPublishAsync()
    {
        try
        {
            await PublishAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "party {PartyId}: {Count} violation(s) stay in the outbox until the next write", PartyId, _state.State.Unpublished.Count);
        }
    }

    /// <summary>
    /// Publishes the outbox: appends its violations to the feed and marks their commitments breached (both
    /// idempotent), then drops them from the outbox in memory; the next write stores that. What a failure
    /// leaves in the outbox is published by a later write, or when the grain next activates.
    /// </summary>
    private async Task PublishAsync()
    {
        var due = _state.State.Unpublished;
        if (due.IsEmpty)
        {
            return;
        }

        var checkpoint = (await GrainFactory.GetGrain<ILogGrain>(ILogGrain.Key).GetCheckpoint()).SignedNote;
        await GrainFactory.GetGrain<IViolationFeedGrain>(IViolationFeedGrain.Key).Append([.. due.Select(v => v.Checkpoint.Length > 0 ? v : v with { Checkpoint = checkpoint })]);
        foreach (var violation in due)
        {
            await GrainFactory.GetGrain<ICommitmentGrain>(violation.CommitmentId).MarkBreached(
                violation.ViolationId, Core.Compliance.PublicFindings.Breach(violation.Measured, violation.Limit), violation.DetectedAt,
                violation.Evidence.Count == 0 ? -1 : violation.Evidence.Max(e => e.LogIndex));
        }

        _state.State = _state.State with { Unpublished = _state.State.Unpublished.RemoveRange(due) };
    }

    private static EvaluationData ToData(CommitmentEvaluation e) => new()
    {
        CommitmentId = e.CommitmentId,
        State = e.State.ToString(),
        Why = e.Why,
        Measured = e.Measured,
        Limit = e.Limit,
        Basis = e.Basis,
    };

    private ViolationData ToData(Violation v) => new()
    {
        ViolationId = v.ViolationId,
        PartyId = PartyId,
        CommitmentId = v.CommitmentId,
        Rule = v.Rule,
        Subject = v.Subject,
        Measured = v.Measured,
        Limit = v.Limit,
        Unit = v.Unit,
        Basis = v.Basis,
        Evidence = [.. v.Evidence.Select(e => new EvidenceData { LogIndex = e.LogIndex, LeafHash = e.LeafHash })],
        DetectedAt = v.DetectedAt,
        Explanation = v.Explanation,
        Checkpoint = "",
    };

    private VerifiedReport ToCore(VerifiedReportData r) => new(
        PartyId,
        r.DeviceId,
        Enum.Parse<DeviceModel>(r.Model),
        r.WorkloadId,
        r.IntervalStart,
        r.IntervalEnd,
        r.ActiveSeconds,
        r.Utilization,
        r.EstimatedFlop,
        Enum.Parse<Precision>(r.Precision),
        r.PeerDeviceHashes,
        new EvidenceRef(r.Evidence.LogIndex, r.Evidence.LeafHash));
}
