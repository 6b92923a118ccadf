using System.Security.Cryptography;
using Accord.Core.Attestation;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Monitoring;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Log;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Accord.Grains.Devices;

/// <summary>
/// One device: enrolment against the trust store, challenges, the reporting key of each boot epoch,
/// and ingest of its signed reports (verify, order, log, record). Rules live in Accord.Core.
/// </summary>
public sealed class DeviceGrain(
    [PersistentState("device", AccordStorage.Name)] IPersistentState<DeviceState> state,
    IOptions<MonitoringOptions> options,
    TimeProvider time) : Grain, IDeviceGrain
{
    private MonitoringOptions Options => options.Value;

    private IngestPolicy Policy => new(Options.MaxClockSkew, Options.ReportInterval, Options.SilenceMultiple);

    public async Task<ChallengeEntry> IssueChallenge(CancellationToken cancellationToken = default)
    {
        var challenge = NewChallenge();
        state.State = state.State with { DeviceId = this.GetPrimaryKeyString(), Challenges = Remember(state.State.Challenges, challenge) };
        await state.WriteStateAsync(cancellationToken);
        return challenge;
    }

    public async Task<Outcome<DeviceState>> Enrol(string partyId, string model, ImmutableList<byte[]> chain, byte[]? spdmReport, TrustSnapshotData trust, StoredEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var deviceId = this.GetPrimaryKeyString();
        if (state.State.IsEnrolled)
        {
            return state.State.PartyId == partyId
                ? Rejection.Of(RejectionCode.AlreadyExists, "ALREADY_ENROLLED", $"device {deviceId} is already enrolled by '{partyId}'", "certificate_chain")
                : Rejection.Of(RejectionCode.AlreadyExists, "ENROLLED_BY_ANOTHER_PARTY", $"device {deviceId} is enrolled by another party", "certificate_chain");
        }

        var now = time.GetUtcNow();
        var snapshot = new TrustSnapshot(trust.Roots, trust.Revoked);
        var verified = DeviceChainVerifier.Verify(chain, snapshot, now);
        if (!verified.Valid)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, verified.Reason ?? "BAD_CHAIN", verified.Message, "certificate_chain");
        }

        if (verified.DeviceId != deviceId)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "DEVICE_MISMATCH", $"the chain is for device {verified.DeviceId}, not {deviceId}", "certificate_chain");
        }

        var challenges = state.State.Challenges;
        var measurements = ImmutableSortedDictionary<int, string>.Empty;
        if (spdmReport is not null)
        {
            byte[] nonce;
            try
            {
                nonce = SpdmMeasurementReport.Parse(spdmReport).RequestNonce;
            }
            catch (AttestationException e)
            {
                return Rejection.Of(RejectionCode.InvalidArgument, e.Reason, e.Message, "evidence.report");
            }

            var challenge = challenges.FirstOrDefault(c => !c.Used && c.ExpiresAt >= now && CryptographicOperations.FixedTimeEquals(c.Nonce, nonce));
            if (challenge is null)
            {
                return Rejection.Of(RejectionCode.FailedPrecondition, "NONCE_MISMATCH",
                    "the evidence answers no outstanding challenge for this device (expired, used, or never issued)", "evidence.report");
            }

            var evidence = SpdmEvidenceVerifier.Verify(spdmReport, chain, snapshot, nonce, now);
            if (!evidence.Valid)
            {
                return Rejection.Of(RejectionCode.FailedPrecondition, evidence.Reason ?? "BAD_EVIDENCE", evidence.Message, "evidence.report");
            }

            challenges = challenges.Replace(challenge, challenge with { Used = true });
            measurements = evidence.Measurements.ToImmutableSortedDictionary(m => (int)m.Index, m => Convert.ToHexStringLower(m.Value));
        }

        var receipt = await GrainFactory.LogAsync(envelope, cancellationToken);
        state.State = state.State with
        {
            DeviceId = deviceId,
            PartyId = partyId,
            Model = model,
            Chain = chain,
            RootSha256 = verified.RootSha256 ?? "",
            Measurements = measurements,
            EnrolledAt = now,
            Enrolment = envelope,
            Revocation = verified.Revocation.ToString().ToLowerInvariant(),
            Challenges = challenges,
            EnrolmentLogIndex = receipt.Index,
        };
        await state.WriteStateAsync(cancellationToken);
        await GrainFactory.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).Add(deviceId, partyId, cancellationToken);
        await GrainFactory.GetGrain<IComplianceGrain>(partyId).Changed();
        return Outcome<DeviceState>.Ok(state.State, receipt);
    }

    public async Task<Outcome<DeviceState>> SubmitReportingKey(string partyId, byte[] statement, byte[] signature, StoredEnvelope envelope, CancellationToken cancellationToken = default)
    {
        var current = state.State;
        if (!current.IsEnrolled)
        {
            return NotEnrolled();
        }

        if (current.PartyId != partyId)
        {
            return Rejection.Of(RejectionCode.PermissionDenied, "NOT_OWNER", $"device {current.DeviceId} is not enrolled by '{partyId}'", "certificate");
        }

        ReportingKeyStatement parsed;
        try
        {
            parsed = ReportingKeyStatement.Parser.ParseFrom(statement);
        }
        catch (InvalidProtocolBufferException e)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "MALFORMED", $"not a ReportingKeyStatement: {e.Message}", "certificate.statement");
        }

        var now = time.GetUtcNow();
        var leaf = DeviceCertificate.Parse(current.Chain[0]);
        if (!EcdsaP384.VerifyDer(leaf.SubjectPublicKeyInfo, statement, signature))
        {
            return Rejection.Of(RejectionCode.Unauthenticated, "BAD_SIGNATURE", "the reporting key certificate is not signed by the device's identity key", "certificate.signature");
        }

        if (parsed.DeviceId != current.DeviceId)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "DEVICE_MISMATCH", $"the statement is for device {parsed.DeviceId}", "certificate.statement");
        }

        if (parsed.ReportingPublicKey.Length != PartyPublicKey.Size)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "MALFORMED", "the reporting key must be a raw 32-byte Ed25519 key", "certificate.statement");
        }

        if (parsed.BootEpoch <= current.BootEpoch)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "STALE_EPOCH", $"boot epoch {parsed.BootEpoch} is not after the current epoch {current.BootEpoch}", "certificate.statement");
        }

        if (!ProtoTime.TryRead(parsed.NotBefore, out var notBefore) || !ProtoTime.TryRead(parsed.NotAfter, out var notAfter))
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "MALFORMED", "the reporting key certificate needs valid not_before and not_after timestamps", "certificate.statement");
        }

        if (notBefore > now + Options.MaxClockSkew || notAfter <= now)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "OUTSIDE_VALIDITY", "the reporting key certificate is not valid now", "certificate.statement");
        }

        var nonce = parsed.ChallengeNonce.ToByteArray();
        var challenge = current.Challenges.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(c.Nonce, nonce));
        if (challenge is null || challenge.Used || challenge.ExpiresAt < now)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, challenge is null ? "UNKNOWN_CHALLENGE" : challenge.Used ? "REUSED_CHALLENGE" : "STALE_CHALLENGE",
                challenge is null ? "the certificate answers no challenge issued to this device"
                : challenge.Used ? "the certificate's challenge was already used" : "the certificate's challenge has expired", "certificate.statement");
        }

        var receipt = await GrainFactory.LogAsync(envelope, cancellationToken);
        state.State = current with
        {
            BootEpoch = parsed.BootEpoch,
            ReportingKey = parsed.ReportingPublicKey.ToByteArray(),
            ReportingKeyNotBefore = notBefore,
            ReportingKeyNotAfter = notAfter,
            LastSequence = 0,
            Challenges = current.Challenges.Replace(challenge, challenge with { Used = true }),
        };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<DeviceState>.Ok(state.State, receipt);
    }

    public async Task<IngestResult> Ingest(string partyId, ImmutableList<ReportSubmission> reports, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var current = state.State;
        var results = new ReportResultEntry?[reports.Count];
        var accepted = new List<(int Slot, ReportSubmission Submission, MonitoringReport Report, byte[] Entry)>();
        var behind = new List<(int Slot, ReportSubmission Submission, MonitoringReport Report, byte[] Entry, string Message)>();
        var working = ReportingState(current);
        for (var i = 0; i < reports.Count; i++)
        {
            var submission = reports[i];
            var (refusal, report, entry) = Check(current, partyId, submission.Envelope);
            if (refusal is not null)
            {
                results[i] = refusal with { Position = submission.Position };
                continue;
            }

            var ingest = ReportIngestRules.Check(working, current.DeviceId, Enum.Parse<Core.Monitoring.DeviceModel>(current.Model), Facts(report!), now, Policy);
            if (ingest.Decision == IngestDecision.Accept)
            {
                working = ingest.Next!;
                accepted.Add((i, submission, report!, entry!));
            }
            else if (ingest.Reason == IngestReasons.Rollback)
            {
                // At or behind the last sequence: an identical resend is a duplicate (the log has its exact bytes), anything else a rollback.
                behind.Add((i, submission, report!, entry!, ingest.Message));
            }
            else
            {
                results[i] = Result(submission.Position, report!, ReportDisposition.Rejected, ingest.Reason ?? "REJECTED", ingest.Message);
            }
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
        var rotate = newest is null || newest.Used || now - (newest.ExpiresAt - Options.ChallengeLifetime) >= Options.ChallengeRotation;
        var challenge = rotate ? NewChallenge() : newest!;
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

    /// <summary>The checks that come before the ordering rules: payload, ownership, reporting key, signature, challenge.</summary>
    private (ReportResultEntry? Refusal, MonitoringReport? Report, byte[]? Entry) Check(DeviceState current, string partyId, StoredEnvelope envelope)
    {
        if (envelope.PayloadType != MonitoringReport.Descriptor.FullName)
        {
            return (Refused(0, "", 0, "MALFORMED", $"payload type '{envelope.PayloadType}' is not {MonitoringReport.Descriptor.FullName}"), null, null);
        }

        MonitoringReport report;
        try
        {
            report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return (Refused(0, "", 0, "MALFORMED", e.Message), null, null);
        }

        ReportResultEntry Refuse(string reason, string message) => Refused(0, report.DeviceId, report.Sequence, reason, message);

        if (!current.IsEnrolled)
        {
            return (Refuse("NOT_ENROLLED", $"device {this.GetPrimaryKeyString()} is not enrolled"), null, null);
        }

        if (current.PartyId != partyId)
        {
            return (Refuse("NOT_OWNER", $"device {current.DeviceId} is not enrolled by '{partyId}'"), null, null);
        }

        if (current.ReportingKey.Length == 0)
        {
            return (Refuse("NO_REPORTING_KEY", "the device has no certified reporting key"), null, null);
        }

        var key = PartyPublicKey.FromBytes(current.ReportingKey);
        var core = new SignedEnvelope(envelope.PayloadType, envelope.Payload, [.. envelope.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig))]);
        switch (EnvelopeVerifier.Verify(core, key))
        {
            case EnvelopeCheck.Valid:
                break;
            case EnvelopeCheck.NoSignatureForKey:
                return (Refuse(report.BootEpoch != current.BootEpoch ? "WRONG_EPOCH" : "WRONG_KEY",
                    $"the report is not signed by the reporting key of epoch {current.BootEpoch}"), null, null);
            default:
                return (Refuse("BAD_SIGNATURE", "the report's signature does not verify under the reporting key"), null, null);
        }

        if ((report.IntervalStart is not null && ProtoTime.Read(report.IntervalStart) is null)
            || (report.IntervalEnd is not null && ProtoTime.Read(report.IntervalEnd) is null))
        {
            return (Refuse("MALFORMED", "the report's interval is not a valid pair of timestamps (normalized, 0001-01-01 to 9999-12-31)"), null, null);
        }

        if (report.IntervalEnd is { } end && end.ToDateTimeOffset() > current.ReportingKeyNotAfter)
        {
            return (Refuse("KEY_EXPIRED", "the report ends after the reporting key's validity"), null, null);
        }

        if (report.IntervalStart is { } start && start.ToDateTimeOffset() < current.ReportingKeyNotBefore)
        {
            return (Refuse("BEFORE_KEY", "the report starts before its reporting key was valid"), null, null);
        }

        var nonce = report.LastChallengeNonce.ToByteArray();
        if (!current.Challenges.Any(c => c.Nonce.AsSpan().SequenceEqual(nonce)))
        {
            return (Refuse("UNKNOWN_CHALLENGE", "the report carries no challenge recently issued to this device"), null, null);
        }

        return (null, report, LogEntries.Encode(envelope));
    }

    private static VerifiedReportData Verified(DeviceState device, MonitoringReport r, Abstractions.Log.LogReceipt receipt) => new()
    {
        DeviceId = r.DeviceId,
        Model = device.Model,
        WorkloadId = r.WorkloadId,
        IntervalStart = r.IntervalStart.ToDateTimeOffset(),
        IntervalEnd = r.IntervalEnd.ToDateTimeOffset(),
        ActiveSeconds = r.ActiveSeconds,
        Utilization = r.Utilization,
        EstimatedFlop = r.EstimatedFlop,
        Precision = Protos.Mapping.CommitmentMapping.ToDomain(r.Precision)!.Value.ToString(),
        PeerDeviceHashes = [.. r.PeerDeviceHashes.Select(h => h.ToByteArray())],
        Evidence = new EvidenceData { LogIndex = receipt.Index, LeafHash = receipt.LeafHash },
    };

    private static ReportFacts Facts(MonitoringReport r) => new(
        r.DeviceId,
        r.BootEpoch,
        r.Sequence,
        r.IntervalStart?.ToDateTimeOffset() ?? DateTimeOffset.MinValue,
        r.IntervalEnd?.ToDateTimeOffset() ?? DateTimeOffset.MinValue,
        r.WorkloadId,
        r.ActiveSeconds,
        r.Utilization,
        r.PowerWatts,
        r.EstimatedFlop,
        Protos.Mapping.CommitmentMapping.ToDomain(r.Precision),
        [.. r.PeerDeviceHashes.Select(h => h.ToByteArray())],
        r.LastChallengeNonce.ToByteArray());

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

    private static ReportResultEntry Result(int position, MonitoringReport report, ReportDisposition disposition, string reason = "", string message = "", long logIndex = -1) => new()
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

    private ChallengeEntry NewChallenge() => new() { Nonce = RandomNumberGenerator.GetBytes(32), ExpiresAt = time.GetUtcNow() + Options.ChallengeLifetime };

    private ImmutableList<ChallengeEntry> Remember(ImmutableList<ChallengeEntry> challenges, ChallengeEntry challenge)
    {
        var next = challenges.Add(challenge);
        return next.Count > Options.ChallengeHistory ? next.RemoveRange(0, next.Count - Options.ChallengeHistory) : next;
    }

    private Rejection NotEnrolled() =>
        Rejection.Of(RejectionCode.NotFound, "UNKNOWN_DEVICE", $"device {this.GetPrimaryKeyString()} is not enrolled", "device_id");
}
