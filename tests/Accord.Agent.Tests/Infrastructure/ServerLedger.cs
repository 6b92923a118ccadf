using System.Security.Cryptography;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

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

/// <summary>A device's record on the loopback server.</summary>
public sealed class LedgerDevice
{
    public required byte[] IdentityPublicKey { get; init; }

    public ulong Epoch { get; set; }

    public PartyPublicKey? ReportingKey { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public ulong LastSequence { get; set; }

    public DateTimeOffset LastEnd { get; set; }

    public List<(ulong Epoch, ulong First, ulong Last)> Gaps { get; } = [];
}

/// <summary>
/// The durable state of the loopback server (it outlives server restarts) and its ingest rules, which
/// follow the contract: verify the bytes received, DUPLICATE for the same signed bytes, WRONG_EPOCH,
/// NO_REPORTING_KEY, ROLLBACK, OVERLAP; single-use challenges; ECDSA P-384 reporting key certificates.
/// </summary>
public sealed class ServerLedger(string labPartyId, PartyPublicKey labKey)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LedgerDevice> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredReport> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _issuedChallenges = new(StringComparer.Ordinal);
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

    /// <summary>A reason to reject a report (checked after the duplicate check), or null.</summary>
    public Func<MonitoringReport, string?> Reject { get; set; } = _ => null;

    /// <summary>When set, the next key submission is stored but answered with UNAVAILABLE (its answer is "lost").</summary>
    public bool LoseNextSubmitAnswer { get; set; }

    public int KeySubmissions { get; private set; }

    public int Streams { get { lock (_gate) { return _streams; } } }

    public IReadOnlyList<ReceivedReport> Received { get { lock (_gate) { return [.. _received]; } } }

    /// <summary>Reports received again after an ack naming them had been delivered.</summary>
    public IReadOnlyList<string> Violations { get { lock (_gate) { return [.. _violations]; } } }

    public IReadOnlyList<StoredReport> Accepted { get { lock (_gate) { return [.. _acceptedInOrder]; } } }

    public void AddDevice(string deviceId, byte[] identityPublicKeyInfo)
    {
        lock (_gate)
        {
            _devices[deviceId] = new LedgerDevice { IdentityPublicKey = identityPublicKeyInfo };
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

    /// <summary>Puts a reporting key on record directly (for tests that skip enrolment).</summary>
    public void InstallKey(string deviceId, ulong epoch, PartyPublicKey key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        lock (_gate)
        {
            var device = _devices[deviceId];
            device.Epoch = epoch;
            device.ReportingKey = key;
            device.NotBefore = notBefore;
            device.NotAfter = notAfter;
            device.LastSequence = 0;
            device.LastEnd = notBefore;
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
                MonitoringReport? report = null;
                try
                {
                    report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
                }
                catch (InvalidProtocolBufferException)
                {
                }

                _received.Add(new ReceivedReport(stream, batch.BatchId, digest, report?.DeviceId ?? "", report?.BootEpoch ?? 0, report?.Sequence ?? 0));
                if (_ackDelivered.Contains(digest))
                {
                    _violations.Add($"{report?.DeviceId}#{report?.BootEpoch}/{report?.Sequence} resent in stream {stream} batch {batch.BatchId} after its ack");
                }

                if (fate == BatchFate.DropBeforeStore)
                {
                    continue;
                }

                var result = Ingest(envelope, report, digest, stream, batch.BatchId);
                result.Position = (uint)position;
                ack.Results.Add(result);
                if (report is not null)
                {
                    devices.Add(report.DeviceId);
                }
            }

            foreach (var device in devices)
            {
                ack.Challenges.Add(new DeviceChallenge { DeviceId = device, Nonce = Issue(device), ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(5)) });
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

    internal ByteString Issue(string deviceId)
    {
        var nonce = RandomNumberGenerator.GetBytes(32);
        lock (_gate)
        {
            _issuedChallenges[Convert.ToHexString(nonce)] = deviceId;
            _everIssued.Add(Convert.ToHexString(nonce));
        }

        return ByteString.CopyFrom(nonce);
    }

    internal DeviceRecord SubmitKey(Envelope envelope)
    {
        if (envelope.PayloadType != ReportingKeySubmission.Descriptor.FullName || EnvelopeVerifier.Verify(ToCore(envelope), labKey) != EnvelopeCheck.Valid)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "BAD_SIGNATURE"));
        }

        var submission = ReportingKeySubmission.Parser.ParseFrom(envelope.Payload);
        if (submission.Header?.PartyId != LabPartyId)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "NOT_OWNER"));
        }

        var statement = ReportingKeyStatement.Parser.ParseFrom(submission.Certificate.Statement);
        lock (_gate)
        {
            if (!_devices.TryGetValue(statement.DeviceId, out var device))
            {
                throw new RpcException(new Status(StatusCode.NotFound, "UNKNOWN_DEVICE"));
            }

            if (!TestDeviceIdentity.Verify(device.IdentityPublicKey, submission.Certificate.Statement.Span, submission.Certificate.Signature.Span))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "BAD_DEVICE_SIGNATURE"));
            }

            var nonce = Convert.ToHexString(statement.ChallengeNonce.Span);
            if (!_issuedChallenges.Remove(nonce, out var issuedFor) || issuedFor != statement.DeviceId)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "UNKNOWN_CHALLENGE"));
            }

            if (statement.BootEpoch <= device.Epoch)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "STALE_EPOCH"));
            }

            device.Epoch = statement.BootEpoch;
            device.ReportingKey = PartyPublicKey.FromBytes(statement.ReportingPublicKey.Span);
            device.NotBefore = statement.NotBefore.ToDateTimeOffset();
            device.NotAfter = statement.NotAfter.ToDateTimeOffset();
            device.LastSequence = 0;
            device.LastEnd = device.NotBefore;
            KeySubmissions++;
            if (LoseNextSubmitAnswer)
            {
                LoseNextSubmitAnswer = false;
                throw new RpcException(new Status(StatusCode.Unavailable, "answer lost"));
            }

            return Record(statement.DeviceId, device);
        }
    }

    internal DeviceRecord GetDevice(string deviceId)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(deviceId, out var device)
                ? Record(deviceId, device)
                : throw new RpcException(new Status(StatusCode.NotFound, "UNKNOWN_DEVICE"));
        }
    }

    private ReportResult Ingest(Envelope envelope, MonitoringReport? report, string digest, int stream, ulong batchId)
    {
        if (report is null || envelope.PayloadType != MonitoringReport.Descriptor.FullName)
        {
            return Rejected(null, "MALFORMED");
        }

        if (_stored.TryGetValue(digest, out _))
        {
            return new ReportResult { DeviceId = report.DeviceId, Sequence = report.Sequence, Outcome = ReportOutcome.Duplicate };
        }

        if (Reject(report) is { } reason)
        {
            return Rejected(report, reason);
        }

        if (!_devices.TryGetValue(report.DeviceId, out var device))
        {
            return Rejected(report, "UNKNOWN_DEVICE");
        }

        if (device.ReportingKey is null)
        {
            return Rejected(report, "NO_REPORTING_KEY");
        }

        if (report.BootEpoch != device.Epoch)
        {
            return Rejected(report, "WRONG_EPOCH");
        }

        if (EnvelopeVerifier.Verify(ToCore(envelope), device.ReportingKey) != EnvelopeCheck.Valid)
        {
            return Rejected(report, "BAD_SIGNATURE");
        }

        if (report.Sequence <= device.LastSequence)
        {
            return Rejected(report, "ROLLBACK");
        }

        var start = report.IntervalStart.ToDateTimeOffset();
        var end = report.IntervalEnd.ToDateTimeOffset();
        if (start < device.LastEnd || end <= start || end > device.NotAfter)
        {
            return Rejected(report, "OVERLAP");
        }

        if (report.Sequence > device.LastSequence + 1)
        {
            device.Gaps.Add((device.Epoch, device.LastSequence + 1, report.Sequence - 1));
        }

        device.LastSequence = report.Sequence;
        device.LastEnd = end;
        var stored = new StoredReport(digest, report, stream, batchId);
        _stored[digest] = stored;
        _acceptedInOrder.Add(stored);
        return new ReportResult { DeviceId = report.DeviceId, Sequence = report.Sequence, Outcome = ReportOutcome.Accepted, LogIndex = _acceptedInOrder.Count - 1 };
    }

    private static ReportResult Rejected(MonitoringReport? report, string reason) => new()
    {
        DeviceId = report?.DeviceId ?? "",
        Sequence = report?.Sequence ?? 0,
        Outcome = ReportOutcome.Rejected,
        Reason = reason,
        Message = $"rejected: {reason}",
    };

    private static DeviceRecord Record(string deviceId, LedgerDevice device) => new()
    {
        DeviceId = deviceId,
        BootEpoch = device.Epoch,
        ReportingKeyId = device.ReportingKey?.KeyId ?? "",
        LastSequence = device.LastSequence,
    };

    private static SignedEnvelope ToCore(Envelope envelope) => new(
        envelope.PayloadType,
        envelope.Payload.ToByteArray(),
        envelope.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig.ToByteArray())).ToList());
}
