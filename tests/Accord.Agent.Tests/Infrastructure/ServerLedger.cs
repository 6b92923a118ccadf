using System.Security.Cryptography;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Monitoring;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using CoreDeviceModel = Accord.Core.Monitoring.DeviceModel;

namespace Accord.Agent.Tests.Infrastructure;

/// <summary>What the loopback server does with a batch it received.</summary>
public enum BatchFate
{
    /// <summary>Ingest and acknowledge.</summary>
    Ack,

    /// <summary>Cut the connection before storing anything.</summary>
    DropBeforeStore,

    /// <summary>Store the reports, then cut the connection before the ack.</summary>
    DropAfterStore,
}

/// <summary>One report as the loopback server received it.</summary>
public sealed record ReceivedReport(int Stream, ulong BatchId, string Digest, string DeviceId, ulong Epoch, ulong Sequence);

/// <summary>A report the server stored.</summary>
public sealed record StoredReport(string Digest, MonitoringReport Report, int Stream, ulong BatchId);

/// <summary>A device's record on the loopback server: what the rules in Accord.Core.Monitoring read and change.</summary>
public sealed class LedgerDevice
{
    public required string DeviceId { get; init; }

    public required string PartyId { get; init; }

    /// <summary>The identity key's SubjectPublicKeyInfo, DER.</summary>
    public required byte[] IdentityPublicKey { get; init; }

    public required CoreDeviceModel Model { get; init; }

    /// <summary>The current reporting key; null before the first (or once forgotten).</summary>
    public ReportingKey? ReportingKey { get; set; }

    /// <summary>Epoch, position, totals and missing evidence, as <see cref="ReportIngestRules"/> advances them.</summary>
    public DeviceReportingState Reporting { get; set; } = DeviceReportingState.ForEpoch(0, null);

    /// <summary>The challenges issued to it, oldest first.</summary>
    public List<IssuedChallenge> Challenges { get; } = [];

    public ulong Epoch => Reporting.BootEpoch;

    public DateTimeOffset NotBefore => ReportingKey?.NotBefore ?? default;

    public DateTimeOffset NotAfter => ReportingKey?.NotAfter ?? default;

    public ulong LastSequence => Reporting.LastSequence;

    /// <summary>The missing evidence recorded (sequence gaps and silences): epoch, first and last sequence.</summary>
    public IReadOnlyList<(ulong Epoch, ulong First, ulong Last)> Gaps => [.. Reporting.Gaps.Select(g => (g.BootEpoch, g.FirstSequence, g.LastSequence))];

    /// <summary>The record the rules read.</summary>
    public EnrolledDevice Enrolled() => new(DeviceId, PartyId, IdentityPublicKey, Reporting.BootEpoch, ReportingKey, [.. Challenges]);
}

/// <summary>
/// The durable state of the loopback server (it outlives server restarts). Its devices are enrolled by the
/// lab from the start; keys and reports go through the server's own rules in Accord.Core
/// (<see cref="ReportingKeyRules"/>, <see cref="SignedReportRules"/>, <see cref="ReportIngestRules"/>,
/// <see cref="ChallengeRules"/>), with DUPLICATE for the same signed bytes sent again. Requests are authenticated
/// by the lab's key alone.
/// </summary>
public sealed class ServerLedger(string labPartyId, PartyPublicKey labKey)
{
    private const int ChallengeHistory = 64;
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ChallengeRotation = TimeSpan.FromMinutes(1);

    /// <summary>As the server's defaults, with the one-second report interval the loopback stream announces.</summary>
    private static readonly IngestPolicy Policy = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), 3);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LedgerDevice> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredReport> _stored = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everIssued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ackDelivered = new(StringComparer.Ordinal);
    private readonly List<ReceivedReport> _received = [];
    private readonly List<string> _violations = [];
    private readonly List<StoredReport> _acceptedInOrder = [];
    private readonly HashSet<(int, ulong)> _dropped = [];
    private int _streams;
    private int _batches;

    public string LabPartyId { get; } = labPartyId;

    /// <summary>What to do with the n-th batch (1-based, over all streams). Default: acknowledge.</summary>
    public Func<int, BatchFate> Fate { get; set; } = _ => BatchFate.Ack;

    /// <summary>A reason to reject a report that passes the signature checks (before the ordering rules), or null.</summary>
    public Func<ReportFacts, string?> Reject { get; set; } = _ => null;

    /// <summary>When set, the next key submission is stored but answered with UNAVAILABLE (its answer is "lost").</summary>
    public bool LoseNextSubmitAnswer { get; set; }

    public int KeySubmissions { get; private set; }

    public int Streams { get { lock (_gate) { return _streams; } } }

    public IReadOnlyList<ReceivedReport> Received { get { lock (_gate) { return [.. _received]; } } }

    /// <summary>Reports received again after an ack naming them had been delivered.</summary>
    public IReadOnlyList<string> Violations { get { lock (_gate) { return [.. _violations]; } } }

    public IReadOnlyList<StoredReport> Accepted { get { lock (_gate) { return [.. _acceptedInOrder]; } } }

    /// <summary>A device enrolled by the lab, with its identity key (SubjectPublicKeyInfo, DER).</summary>
    public void AddDevice(string deviceId, byte[] identityPublicKeyInfo, CoreDeviceModel model = CoreDeviceModel.H100Sxm)
    {
        lock (_gate)
        {
            _devices[deviceId] = new LedgerDevice { DeviceId = deviceId, PartyId = LabPartyId, IdentityPublicKey = identityPublicKeyInfo, Model = model };
        }
    }

    public LedgerDevice Device(string deviceId)
    {
        lock (_gate)
        {
            return _devices[deviceId];
        }
    }

    public bool WasIssued(ByteString nonce)
    {
        lock (_gate)
        {
            return _everIssued.Contains(Convert.ToHexString(nonce.Span));
        }
    }

    /// <summary>
    /// Puts a reporting key on record directly (for tests that skip its certificate), as an accepted certificate would:
    /// the device moves to <paramref name="epoch"/>. Returns a challenge issued to the device, for its reports to carry.
    /// </summary>
    public byte[] InstallKey(string deviceId, ulong epoch, PartyPublicKey key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        lock (_gate)
        {
            var device = _devices[deviceId];
            device.ReportingKey = new ReportingKey(epoch, key, notBefore, notAfter);
            device.Reporting = device.Reporting.StartEpoch(epoch);
            return Issue(device, DateTimeOffset.UtcNow).Nonce;
        }
    }

    /// <summary>Batches (stream, batch id) that were cut off instead of acknowledged.</summary>
    public IReadOnlySet<(int Stream, ulong BatchId)> Dropped { get { lock (_gate) { return _dropped.ToHashSet(); } } }

    /// <summary>Forgets every device's reporting key (as a server restored from an old backup would).</summary>
    public void ForgetReportingKeys()
    {
        lock (_gate)
        {
            foreach (var device in _devices.Values)
            {
                device.ReportingKey = null;
            }
        }
    }

    public static string DigestOf(Envelope envelope) => Convert.ToHexStringLower(SHA256.HashData(envelope.ToByteArray()));

    internal int OpenStream(Envelope hello)
    {
        if (hello.PayloadType != MonitoringHello.Descriptor.FullName || EnvelopeVerifier.Verify(ToCore(hello), labKey) != EnvelopeCheck.Valid)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the hello is not signed by the lab"));
        }

        if (MonitoringHello.Parser.ParseFrom(hello.Payload).Header?.PartyId != LabPartyId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the hello names another party"));
        }

        lock (_gate)
        {
            return ++_streams;
        }
    }

    /// <summary>Records the batch; ingests it unless it is to be dropped first. Returns the fate and the ack.</summary>
    internal (BatchFate Fate, BatchAck Ack) Receive(int stream, ReportBatch batch)
    {
        lock (_gate)
        {
            var fate = Fate(++_batches);
            if (fate != BatchFate.Ack)
            {
                _dropped.Add((stream, batch.BatchId));
            }

            var ack = new BatchAck { BatchId = batch.BatchId, NextReportDueSeconds = 1 };
            var devices = new HashSet<string>(StringComparer.Ordinal);
            for (var position = 0; position < batch.Reports.Count; position++)
            {
                var envelope = batch.Reports[position];
                var digest = DigestOf(envelope);
                SignedReport? signed = null;
                var malformed = "";
                try
                {
                    signed = MonitoringMapping.ReadReport(ToCore(envelope));
                }
                catch (FormatException e)
                {
                    malformed = e.Message;
                }

                var report = signed?.Facts;
                _received.Add(new ReceivedReport(stream, batch.BatchId, digest, report?.DeviceId ?? "", report?.BootEpoch ?? 0, report?.Sequence ?? 0));
                if (_ackDelivered.Contains(digest))
                {
                    _violations.Add($"{report?.DeviceId}#{report?.BootEpoch}/{report?.Sequence} resent in stream {stream} batch {batch.BatchId} after its ack");
                }

                if (fate == BatchFate.DropBeforeStore)
                {
                    continue;
                }

                var result = signed is null ? Rejected(null, "MALFORMED", malformed) : Ingest(envelope, signed, digest, stream, batch.BatchId);
                result.Position = (uint)position;
                ack.Results.Add(result);
                if (report is not null)
                {
                    devices.Add(report.DeviceId);
                }
            }

            var now = DateTimeOffset.UtcNow;
            foreach (var deviceId in devices)
            {
                if (_devices.TryGetValue(deviceId, out var device))
                {
                    var newest = device.Challenges.Count > 0 ? device.Challenges[^1] : null;
                    var challenge = ChallengeRules.IssueNew(newest, now, ChallengeLifetime, ChallengeRotation) ? Issue(device, now) : newest!;
                    ack.Challenges.Add(new DeviceChallenge { DeviceId = deviceId, Nonce = ByteString.CopyFrom(challenge.Nonce), ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt) });
                }
            }

            return (fate, ack);
        }
    }

    /// <summary>The ack was written and the agent will see it: its reports must never come again.</summary>
    internal void Delivered(BatchAck ack, ReportBatch batch)
    {
        lock (_gate)
        {
            foreach (var result in ack.Results)
            {
                if (result.Outcome != ReportOutcome.Unspecified)
                {
                    _ackDelivered.Add(DigestOf(batch.Reports[(int)result.Position]));
                }
            }
        }
    }

    /// <summary>GetChallenge: a new challenge, whether or not the device is known (as the server's device grain does).</summary>
    internal IssuedChallenge Issue(string deviceId)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (_devices.TryGetValue(deviceId, out var device))
            {
                return Issue(device, now);
            }

            var challenge = new IssuedChallenge(RandomNumberGenerator.GetBytes(32), now + ChallengeLifetime, false);
            _everIssued.Add(Convert.ToHexString(challenge.Nonce));
            return challenge;
        }
    }

    internal DeviceRecord SubmitKey(Envelope envelope)
    {
        if (envelope.PayloadType != ReportingKeySubmission.Descriptor.FullName || EnvelopeVerifier.Verify(ToCore(envelope), labKey) != EnvelopeCheck.Valid)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "BAD_SIGNATURE"));
        }

        var submission = ReportingKeySubmission.Parser.ParseFrom(envelope.Payload);
        var partyId = submission.Header?.PartyId ?? "";
        if (partyId != LabPartyId)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "UNKNOWN_KEY: the submission is signed by the lab's key for another party"));
        }

        var certificate = submission.Certificate ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "a reporting key certificate is required"));
        ReportingKeyClaims statement;
        try
        {
            statement = MonitoringMapping.ReadStatement(certificate.Statement.Memory);
        }
        catch (FormatException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"MALFORMED: not a ReportingKeyStatement: {e.Message}"));
        }

        lock (_gate)
        {
            _devices.TryGetValue(statement.DeviceId, out var device);
            var admitted = ReportingKeyRules.Check(
                device?.Enrolled(), statement.DeviceId, partyId, certificate.Statement.Memory, certificate.Signature.Span,
                MonitoringMapping.ReadStatement, DateTimeOffset.UtcNow, Policy.MaxClockSkew);
            if (admitted.Refusal is { } refusal)
            {
                throw new RpcException(new Status(RefusalMapping.ToStatusCode(refusal.Code), $"{refusal.Reason}: {refusal.Message}"));
            }

            var (certified, used) = admitted.Value!;
            device!.ReportingKey = certified.Key;
            device.Reporting = device.Reporting.StartEpoch(certified.Key.BootEpoch);
            device.Challenges[used] = device.Challenges[used] with { Used = true };
            KeySubmissions++;
            if (LoseNextSubmitAnswer)
            {
                LoseNextSubmitAnswer = false;
                throw new RpcException(new Status(StatusCode.Unavailable, "answer lost"));
            }

            return Record(device);
        }
    }

    internal DeviceRecord GetDevice(string deviceId)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(deviceId, out var device)
                ? Record(device)
                : throw new RpcException(new Status(StatusCode.NotFound, "UNKNOWN_DEVICE"));
        }
    }

    // As the server's device grain: the signature checks, then the ordering rules; at or behind the last sequence,
    // the exact bytes of a stored report are a duplicate.
    private ReportResult Ingest(Envelope envelope, SignedReport signed, string digest, int stream, ulong batchId)
    {
        var report = signed.Facts;
        _devices.TryGetValue(report.DeviceId, out var device);
        if (SignedReportRules.Check(device?.Enrolled(), report.DeviceId, LabPartyId, signed) is { } refusal)
        {
            return Rejected(report, refusal.Reason, refusal.Message);
        }

        if (Reject(report) is { } reason)
        {
            return Rejected(report, reason, $"rejected: {reason}");
        }

        var verdict = ReportIngestRules.Check(device!.Reporting, device.DeviceId, device.Model, report, DateTimeOffset.UtcNow, Policy);
        if (verdict.MayBeDuplicate && _stored.TryGetValue(digest, out var original))
        {
            return new ReportResult { DeviceId = report.DeviceId, Sequence = report.Sequence, Outcome = ReportOutcome.Duplicate, LogIndex = _acceptedInOrder.IndexOf(original) };
        }

        if (!verdict.IsAccepted)
        {
            return Rejected(report, verdict.Reason ?? "REJECTED", verdict.Message);
        }

        device.Reporting = verdict.Next!;
        var stored = new StoredReport(digest, MonitoringReport.Parser.ParseFrom(envelope.Payload), stream, batchId);
        _stored[digest] = stored;
        _acceptedInOrder.Add(stored);
        return new ReportResult { DeviceId = report.DeviceId, Sequence = report.Sequence, Outcome = ReportOutcome.Accepted, LogIndex = _acceptedInOrder.Count - 1 };
    }

    private IssuedChallenge Issue(LedgerDevice device, DateTimeOffset now)
    {
        var challenge = new IssuedChallenge(RandomNumberGenerator.GetBytes(32), now + ChallengeLifetime, false);
        var kept = ChallengeRules.Remember(device.Challenges, challenge, ChallengeHistory, c => c.IssuedTo);
        device.Challenges.Clear();
        device.Challenges.AddRange(kept);
        _everIssued.Add(Convert.ToHexString(challenge.Nonce));
        return challenge;
    }

    private static ReportResult Rejected(ReportFacts? report, string reason, string message) => new()
    {
        DeviceId = report?.DeviceId ?? "",
        Sequence = report?.Sequence ?? 0,
        Outcome = ReportOutcome.Rejected,
        Reason = reason,
        Message = message,
    };

    private static DeviceRecord Record(LedgerDevice device) => new()
    {
        DeviceId = device.DeviceId,
        BootEpoch = device.Epoch,
        ReportingKeyId = device.ReportingKey?.PublicKey.KeyId ?? "",
        LastSequence = device.LastSequence,
    };

    private static SignedEnvelope ToCore(Envelope envelope) => new(
        envelope.PayloadType,
        envelope.Payload.ToByteArray(),
        envelope.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig.ToByteArray())).ToList());
}
