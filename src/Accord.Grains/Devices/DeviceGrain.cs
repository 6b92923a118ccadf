using System.Security.Cryptography;
using Accord.Core.Attestation;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Monitoring;
using Accord.Core.Parties;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Common;
using Accord.Grains.Log;
using Microsoft.Extensions.Options;

namespace Accord.Grains.Devices;

/// <summary>
/// One device: enrolment against the trust store, challenges, the reporting key of each boot epoch,
/// and ingest of its signed reports. It reads its state, asks the rules in Accord.Core.Monitoring
/// (<see cref="EnrolmentRules"/>, <see cref="ReportingKeyRules"/>, <see cref="SignedReportRules"/>,
/// <see cref="ReportIngestRules"/>), logs what they accept, and writes.
/// </summary>
public sealed class DeviceGrain(
    [PersistentState("device", AccordStorage.Name)] IPersistentState<DeviceState> state,
    IOptions<MonitoringOptions> options,
    IWireFormat wire,
    TimeProvider time) : Grain, IDeviceGrain
{
    private byte[]? _identityKey;

    // Challenges held in memory only (see IssueChallenge): every one but those the device's party asked for once it
    // holds the device. The stored ones (State.Challenges) come first wherever the two are joined.
    private ImmutableList<ChallengeEntry> _memoryChallenges = [];

    private MonitoringOptions Options => options.Value;

    // Enrolled with evidence: its party proved it holds the device, so no one else may contest it or ask for a challenge of their own.
    private bool ProvedPossession => state.State.IsEnrolled && !state.State.Measurements.IsEmpty;

    private IngestPolicy Policy => new(Options.MaxClockSkew, Options.ReportInterval, Options.SilenceMultiple);

    public async Task<Outcome<ChallengeEntry>> IssueChallenge(string? issuedTo = null, CancellationToken cancellationToken = default)
    {
        issuedTo ??= "";
        if (issuedTo.Length > 0
            && Permissions.Check(PartyAction.RequestChallenge, ActingParty.ById(issuedTo), PermissionSubject.Of(this.GetPrimaryKeyString(), ProvedPossession ? state.State.PartyId : issuedTo)) is { } refusal)
        {
            return refusal;
        }

        var challenge = NewChallenge(issuedTo);
        if (!state.State.IsEnrolled || issuedTo != state.State.PartyId)
        {
            // Anyone may ask for a challenge for any id. Those cost memory while the grain is active and no storage
            // (invented ids leave nothing behind, a flood writes nothing), and they evict only each other; so are a
            // lab's own until it holds the device (before enrolment, or to contest an enrolment made without
            // evidence). A restart forgets them: ask again.
            _memoryChallenges = Remember(_memoryChallenges, challenge);
            return Outcome<ChallengeEntry>.Ok(challenge);
        }

        state.State = state.State with { Challenges = Remember(state.State.Challenges, challenge) };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<ChallengeEntry>.Ok(challenge);
    }

    public async Task<Outcome<DeviceState>> Enrol(string partyId, string model, ImmutableList<byte[]> chain, byte[]? spdmReport, TrustSnapshotData trust, StoredEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var deviceId = this.GetPrimaryKeyString();
        var now = time.GetUtcNow();
        var challenges = state.State.Challenges.AddRange(_memoryChallenges);
        var admitted = EnrolmentRules.Check(
            deviceId,
            partyId,
            state.State.IsEnrolled ? state.State.PartyId : null,
            ProvedPossession,
            chain,
            spdmReport,
            new TrustSnapshot(trust.Roots, trust.Revoked),
            [.. challenges.Select(ToCore)],
            now);
        if (admitted.Refusal is { } refusal)
        {
            return refusal;
        }

        var enrolment = admitted.Value!;
        if (enrolment.UsedChallenge is { } used)
        {
            challenges = challenges.SetItem(used, challenges[used] with { Used = true });
        }

        // Enrolled, the device keeps the challenges its lab asked for (one of them now used); those anyone asked for stay in memory.
        var kept = challenges.Where(c => c.IssuedTo == partyId).ToImmutableList();
        var anyone = challenges.Where(c => c.IssuedTo.Length == 0).ToImmutableList();

        var receipt = await GrainFactory.LogAsync(wire, envelope, cancellationToken);

        // A provisional enrolment displaced by one that proved possession leaves nothing of itself behind.
        state.State = (enrolment.Displaced is null ? state.State : new DeviceState()) with
        {
            DeviceId = deviceId,
            PartyId = partyId,
            Model = model,
            Chain = chain,
            RootSha256 = enrolment.RootSha256,
            Measurements = enrolment.Measurements,
            EnrolledAt = now,
            Enrolment = envelope,
            Revocation = enrolment.Revocation.ToString().ToLowerInvariant(),
            Challenges = kept,
            EnrolmentLogIndex = receipt.Index,
        };
        await state.WriteStateAsync(cancellationToken);
        _memoryChallenges = anyone;
        await GrainFactory.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).Add(deviceId, partyId, cancellationToken);
        await GrainFactory.GetGrain<IComplianceGrain>(partyId).Changed();
        if (enrolment.Displaced is { } displaced)
        {
            await GrainFactory.GetGrain<IComplianceGrain>(displaced).Changed();
        }

        return Outcome<DeviceState>.Ok(state.State, receipt);
    }

    public async Task<Outcome<DeviceState>> SubmitReportingKey(string partyId, byte[] statement, byte[] signature, StoredEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var current = state.State;
        var admitted = ReportingKeyRules.Check(
            Enrolled(current), this.GetPrimaryKeyString(), partyId, statement, signature, wire.ReadReportingKeyStatement, time.GetUtcNow(), Options.MaxClockSkew);
        if (admitted.Refusal is { } refusal)
        {
            return refusal;
        }

        var (certified, used) = admitted.Value!;
        var receipt = await GrainFactory.LogAsync(wire, envelope, cancellationToken);
        var stored = current.Challenges;
        if (used < stored.Count)
        {
            stored = stored.SetItem(used, stored[used] with { Used = true });
        }
        else
        {
            // A challenge anyone asked for, held in memory: used now, it answers nothing again (a restart forgets it altogether).
            var inMemory = used - stored.Count;
            _memoryChallenges = _memoryChallenges.SetItem(inMemory, _memoryChallenges[inMemory] with { Used = true });
        }

        state.State = current with
        {
            BootEpoch = certified.Key.BootEpoch,
            ReportingKey = certified.Key.PublicKey.ToBytes(),
            ReportingKeyNotBefore = certified.Key.NotBefore,
            ReportingKeyNotAfter = certified.Key.NotAfter,
            LastSequence = 0,
            Challenges = stored,
        };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<DeviceState>.Ok(state.State, receipt);
    }

    public async Task<IngestResult> Ingest(string partyId, ImmutableList<ReportSubmission> reports, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var current = state.State;
        var results = new ReportResultEntry?[reports.Count];
        var accepted = new List<(int Slot, ReportSubmission Submission, ReportFacts Report, byte[] Entry)>();
        var behind = new List<(int Slot, ReportSubmission Submission, ReportFacts Report, byte[] Entry, string Message)>();
        var working = ReportingState(current);
        var device = Enrolled(current);
        for (var i = 0; i < reports.Count; i++)
        {
            var submission = reports[i];
            var signed = submission.Report;
            var report = signed.Facts;
            if (SignedReportRules.Check(device, this.GetPrimaryKeyString(), partyId, signed) is { } refusal)
            {
                results[i] = Refused(submission.Position, report.DeviceId, report.Sequence, refusal.Reason, refusal.Message);
                continue;
            }

            var entry = wire.LogEntry(ToStored(signed.Envelope));
            var ingest = ReportIngestRules.Check(working, current.DeviceId, Enum.Parse<Core.Monitoring.DeviceModel>(current.Model), report, now, Policy);
            if (ingest.IsAccepted)
            {
                working = ingest.Next!;
                accepted.Add((i, submission, report, entry));
            }
            else if (ingest.MayBeDuplicate)
            {
                // The log holds the exact bytes of every accepted report: found there, a duplicate; otherwise a rollback.
                behind.Add((i, submission, report, entry, ingest.Message));
            }
            else
            {
                results[i] = Result(submission.Position, report, ReportDisposition.Rejected, ingest.Reason ?? "REJECTED", ingest.Message);
            }
        }

        if (!current.IsEnrolled)
        {
            // A device nobody enrolled: every report was refused, and nothing is stored for an id a stream made up.
            return new IngestResult { Results = [.. results.Select(r => r!)] };
        }

        var log = GrainFactory.GetGrain<ILogGrain>(ILogGrain.Key);
        if (behind.Count > 0)
        {
            var found = await log.Find([.. behind.Select(b => MerkleHash.Leaf(b.Entry))]);
            for (var k = 0; k < behind.Count; k++)
            {
                var (slot, submission, report, _, message) = behind[k];
                results[slot] = found[k] >= 0
                    ? Result(submission.Position, report, ReportDisposition.Duplicate, logIndex: found[k])
                    : Result(submission.Position, report, ReportDisposition.Rejected, IngestReasons.Rollback, message);
            }
        }

        // Log first (idempotent: a resend after a crash names the existing entry), then record.
        var receipts = accepted.Count == 0 ? [] : await log.AppendMany([.. accepted.Select(a => a.Entry)], cancellationToken);
        for (var k = 0; k < accepted.Count; k++)
        {
            var (slot, submission, report, _) = accepted[k];
            results[slot] = Result(submission.Position, report, ReportDisposition.Accepted, logIndex: receipts[k].Index);
        }

        var newest = current.Challenges.Count > 0 ? current.Challenges[^1] : null;
        var rotate = ChallengeRules.IssueNew(newest is null ? null : ToCore(newest), now, Options.ChallengeLifetime, Options.ChallengeRotation);
        var challenge = rotate ? NewChallenge(current.PartyId) : newest!;
        state.State = current with
        {
            LastSequence = working.LastSequence,
            LastIntervalEnd = working.LastIntervalEnd,
            Reports = working.Reports,
            TotalFlop = working.TotalFlop,
            TotalActiveSeconds = working.TotalActiveSeconds,
            Gaps = [.. working.Gaps.Select(ToEntry)],
            SilentSince = accepted.Count > 0 ? null : current.SilentSince,
            Challenges = rotate ? Remember(current.Challenges, challenge) : current.Challenges,
        };
        await state.WriteStateAsync(cancellationToken);
        if (accepted.Count > 0)
        {
            await GrainFactory.GetGrain<IComplianceGrain>(current.PartyId).Ingest(
                [.. accepted.Select((a, k) => Verified(current, a.Report, receipts[k]))], cancellationToken);
        }

        return new IngestResult { Results = [.. results.Select(r => r!)], Challenge = challenge };
    }

    public async Task<DeviceState?> CheckLiveness(CancellationToken cancellationToken = default)
    {
        var current = state.State;
        if (!current.IsEnrolled)
        {
            return null;
        }

        if (current.SilentSince is null && Liveness.SilentSince(current.LastIntervalEnd ?? current.EnrolledAt, time.GetUtcNow(), Policy) is { } since)
        {
            state.State = current with { SilentSince = since };
            await state.WriteStateAsync(cancellationToken);
        }

        return state.State;
    }

    public Task<DeviceState?> Get()
    {
        var current = state.State;
        if (!current.IsEnrolled)
        {
            return Task.FromResult<DeviceState?>(null);
        }

        var silent = current.SilentSince ?? Liveness.SilentSince(current.LastIntervalEnd ?? current.EnrolledAt, time.GetUtcNow(), Policy);
        return Task.FromResult<DeviceState?>(current with { SilentSince = silent });
    }

    private static VerifiedReportData Verified(DeviceState device, ReportFacts r, Abstractions.Log.LogReceipt receipt) => new()
    {
        DeviceId = r.DeviceId,
        Model = device.Model,
        WorkloadId = r.WorkloadId,
        IntervalStart = r.IntervalStart,
        IntervalEnd = r.IntervalEnd,
        ActiveSeconds = r.ActiveSeconds,
        Utilization = r.Utilization,
        EstimatedFlop = r.EstimatedFlop,
        Precision = r.Precision!.Value.ToString(),
        PeerDeviceHashes = [.. r.PeerDeviceHashes],
        Evidence = new EvidenceData { LogIndex = receipt.Index, LeafHash = receipt.LeafHash },
    };

    private static DeviceReportingState ReportingState(DeviceState s) =>
        new(s.BootEpoch, s.LastSequence, s.LastIntervalEnd, s.Reports, s.TotalFlop, s.TotalActiveSeconds,
            [.. s.Gaps.Select(g => new MissingEvidence(g.BootEpoch, g.FirstSequence, g.LastSequence, g.From, g.Until, g.Kind))]);

    private static EvidenceGapEntry ToEntry(MissingEvidence g) => new()
    {
        BootEpoch = g.BootEpoch,
        FirstSequence = g.FirstSequence,
        LastSequence = g.LastSequence,
        From = g.From,
        Until = g.Until,
        Kind = g.Kind,
    };

    private static ReportResultEntry Result(int position, ReportFacts report, ReportDisposition disposition, string reason = "", string message = "", long logIndex = -1) => new()
    {
        Position = position,
        DeviceId = report.DeviceId,
        Sequence = report.Sequence,
        Disposition = disposition,
        Reason = reason,
        Message = message,
        LogIndex = logIndex,
    };

    private static ReportResultEntry Refused(int position, string deviceId, ulong sequence, string reason, string message) => new()
    {
        Position = position,
        DeviceId = deviceId,
        Sequence = sequence,
        Disposition = ReportDisposition.Rejected,
        Reason = reason,
        Message = message,
    };

    private ChallengeEntry NewChallenge(string issuedTo) => new() { Nonce = RandomNumberGenerator.GetBytes(32), ExpiresAt = time.GetUtcNow() + Options.ChallengeLifetime, IssuedTo = issuedTo };

    private ImmutableList<ChallengeEntry> Remember(ImmutableList<ChallengeEntry> challenges, ChallengeEntry challenge) =>
        [.. ChallengeRules.Remember(challenges, challenge, Options.ChallengeHistory, c => c.IssuedTo)];

    /// <summary>The record the rules read; null when the device is not enrolled. The identity key is read once per activation.</summary>
    private EnrolledDevice? Enrolled(DeviceState s)
    {
        if (!s.IsEnrolled)
        {
            return null;
        }

        _identityKey ??= DeviceCertificate.Parse(s.Chain[0]).SubjectPublicKeyInfo;
        var key = s.ReportingKey.Length == 0
            ? null
            : new ReportingKey(s.BootEpoch, PartyPublicKey.FromBytes(s.ReportingKey), s.ReportingKeyNotBefore, s.ReportingKeyNotAfter);
        return new EnrolledDevice(s.DeviceId, s.PartyId, _identityKey, s.BootEpoch, key, [.. s.Challenges.Concat(_memoryChallenges).Select(ToCore)]);
    }

    private static IssuedChallenge ToCore(ChallengeEntry c) => new(c.Nonce, c.ExpiresAt, c.Used, c.IssuedTo ?? "");

    private static StoredEnvelope ToStored(SignedEnvelope e) => new()
    {
        PayloadType = e.PayloadType,
        Payload = e.Payload,
        Signatures = [.. e.Signatures.Select(s => new StoredSignature { KeyId = s.KeyId, Sig = s.Sig })],
    };
}
