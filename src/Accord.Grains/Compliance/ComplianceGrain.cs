using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Monitoring;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Commitments;
using Accord.Grains.Telemetry;

namespace Accord.Grains.Compliance;

/// <summary>
/// One party's compliance: the Core ledger fed with its verified reports and notices, its active
/// commitments and declared devices; new violations go to the feed and mark their commitments breached.
/// </summary>
public sealed class ComplianceGrain(
    [PersistentState("compliance", AccordStorage.Name)] IPersistentState<ComplianceGrainState> state,
    TimeProvider time,
    AccordMetrics metrics) : Grain, IComplianceGrain
{
    private ComplianceLedger? _ledger;
    private bool _stale = true;
    private ImmutableList<string> _devices = [];

    private string PartyId => this.GetPrimaryKeyString();

    private ComplianceLedger Ledger => _ledger ??= state.State.Ledger.Length > 0 ? ComplianceLedger.FromBytes(state.State.Ledger) : new ComplianceLedger(PartyId);

    public async Task Ingest(ImmutableList<VerifiedReportData> reports, CancellationToken cancellationToken = default)
    {
        await Refresh();
        var now = time.GetUtcNow();
        var violations = new List<Violation>();
        foreach (var report in reports)
        {
            violations.AddRange(Ledger.Ingest(ToCore(report), now));
        }

        state.State = state.State with
        {
            Reports = state.State.Reports + (ulong)reports.Count,
            TotalFlop = state.State.TotalFlop + reports.Sum(r => r.EstimatedFlop),
        };
        await Save(violations, cancellationToken);
    }

    public async Task AddNotice(string workloadId, double expectedFlop, DateTimeOffset signedAt, EvidenceData evidence, CancellationToken cancellationToken = default)
    {
        await Refresh();
        var violations = Ledger.AddNotice(new TrainingNotice(workloadId, expectedFlop, signedAt, new EvidenceRef(evidence.LogIndex, evidence.LeafHash)), time.GetUtcNow());
        await Save(violations, cancellationToken);
    }

    public async Task Tick(CancellationToken cancellationToken = default)
    {
        await Refresh();
        var lastEnds = new Dictionary<string, DateTimeOffset?>();
        foreach (var deviceId in _devices)
        {
            var device = await GrainFactory.GetGrain<IDeviceGrain>(deviceId).Get();
            lastEnds[deviceId] = device?.LastIntervalEnd;
        }

        await Save(Ledger.Tick(time.GetUtcNow(), lastEnds), cancellationToken);
    }

    public Task Changed()
    {
        _stale = true;
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
            Commitments = [.. Ledger.Evaluate(time.GetUtcNow()).Select(e => new EvaluationData
            {
                CommitmentId = e.CommitmentId,
                State = e.State.ToString(),
                Why = e.Why,
                Measured = e.Measured,
                Limit = e.Limit,
                Basis = e.Basis,
            })],
            Reports = state.State.Reports,
            TotalFlop = state.State.TotalFlop,
            Devices = _devices.Count,
            SilentDevices = silent,
        };
    }

    /// <summary>Reads the party's active commitments and declared devices again when they changed.</summary>
    private async Task Refresh()
    {
        if (!_stale)
        {
            return;
        }

        _stale = false;
        var commitments = new List<ActiveCommitment>();
        foreach (var id in (await GrainFactory.GetGrain<IPartyGrain>(PartyId).Get())?.CommitmentIds ?? [])
        {
            if (await GrainFactory.GetGrain<ICommitmentGrain>(id).Get() is { ActivatedAt: { } from } commitment)
            {
                var until = commitment.Status is StoredCommitmentStatus.Withdrawn or StoredCommitmentStatus.Fulfilled ? commitment.ClosedAt : commitment.EndsAt;
                commitments.Add(new ActiveCommitment(id, CommitmentTermsReader.Read(commitment.Statement!).Terms, from, until));
            }
        }

        _devices = [.. (await GrainFactory.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).List()).Where(d => d.Value == PartyId).Select(d => d.Key)];
        Ledger.SetCommitments(commitments);
        Ledger.SetDeclaredDevices(_devices);
    }

    /// <summary>Persists the ledger, then publishes new violations and marks their commitments breached.</summary>
    private async Task Save(IReadOnlyList<Violation> violations, CancellationToken cancellationToken)
    {
        var fresh = violations.Where(v => !state.State.RaisedViolations.Contains(v.ViolationId)).ToList();
        state.State = state.State with
        {
            Ledger = Ledger.ToBytes(),
            RaisedViolations = state.State.RaisedViolations.Union(fresh.Select(v => v.ViolationId)),
        };
        await state.WriteStateAsync(cancellationToken);
        if (fresh.Count == 0)
        {
            return;
        }

        var checkpoint = (await GrainFactory.GetGrain<ILogGrain>(ILogGrain.Key).GetCheckpoint()).SignedNote;
        await GrainFactory.GetGrain<IViolationFeedGrain>(IViolationFeedGrain.Key).Append([.. fresh.Select(v => new ViolationData
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
            Checkpoint = checkpoint,
        })], cancellationToken);
        foreach (var violation in fresh)
        {
            metrics.ViolationRaised(violation.Rule);
            await GrainFactory.GetGrain<ICommitmentGrain>(violation.CommitmentId).MarkBreached(violation.ViolationId, violation.Explanation, violation.DetectedAt, cancellationToken);
        }
    }

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
