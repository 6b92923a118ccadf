using Accord.Core.Attestation;
using Accord.Core.Compliance;
using Accord.Core.Verdicts;
using Accord.Bundles;
using Accord.Grains.Abstractions.Commitments;
using Accord.Grains.Abstractions.Compliance;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Common;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ComplianceState = Accord.Core.Compliance.ComplianceState;

namespace Accord.Server.Verdicts;

/// <summary>
/// Prepares an inspector's verdict from the compliance ledger: the live ledger's findings, checked against a
/// replay of the same ledger over the log (<see cref="LedgerReplay"/>), with the evidence bundle that lets
/// anyone repeat that replay offline. Nothing here judges: the ledger does.
/// </summary>
public sealed class VerdictPreparer(IGrainFactory grains, IWireFormat wire)
{
    /// <summary>How many entries one log read takes.</summary>
    private const int Page = 1000;

    /// <summary>How often the preparation is tried again when the ledger moved on while the log was read.</summary>
    private const int Attempts = 3;

    private ILogGrain Log => grains.GetGrain<ILogGrain>(ILogGrain.Key);

    /// <summary>The unsigned verdict (no header) and its bundle (no verdict envelope, no inspector key).</summary>
    public async Task<(Verdict Verdict, EvidenceBundle Bundle)> PrepareAsync(string partyId, IReadOnlyCollection<string> commitmentIds, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (prepared, differences) = await TryPrepareAsync(partyId, commitmentIds, cancellationToken);
            if (prepared is { } done)
            {
                return done;
            }

            if (attempt == Attempts)
            {
                throw RpcErrors.Of(StatusCode.FailedPrecondition, "LEDGER_REPLAY_DIFFERS",
                    $"the compliance ledger and its replay over the log disagree, so no verdict is prepared: {string.Join("; ", differences)}");
            }
        }
    }

    private async Task<((Verdict, EvidenceBundle)? Prepared, IReadOnlyList<string> Differences)> TryPrepareAsync(
        string partyId, IReadOnlyCollection<string> commitmentIds, CancellationToken cancellationToken)
    {
        var live = await grains.GetGrain<IComplianceGrain>(partyId).GetFindings(cancellationToken);
        var wanted = live.Findings.Where(f => commitmentIds.Count == 0 || commitmentIds.Contains(f.Evaluation.CommitmentId)).ToList();
        foreach (var id in commitmentIds.Where(id => !live.Findings.Any(f => f.Evaluation.CommitmentId == id)))
        {
            throw RpcErrors.Of(StatusCode.FailedPrecondition, "NOT_BINDING", $"commitment {id} is not a commitment of '{partyId}' that has begun binding");
        }

        if (wanted.Count == 0)
        {
            throw RpcErrors.Of(StatusCode.FailedPrecondition, "NOT_BINDING", $"party '{partyId}' has no commitment that has begun binding");
        }

        var checkpoint = await Log.GetCheckpoint();
        var devices = new Dictionary<string, DeviceState>(StringComparer.Ordinal);
        foreach (var (deviceId, owner) in await grains.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).List())
        {
            if (owner == partyId && await grains.GetGrain<IDeviceGrain>(deviceId).Get() is { } device)
            {
                devices[deviceId] = device;
            }
        }

        var log = await ReadPartyEvidence(partyId, devices, checkpoint.TreeSize);
        var verdict = new Verdict { PartyId = partyId, WindowEnd = Timestamp.FromDateTimeOffset(live.At), Checkpoint = checkpoint.SignedNote };
        var bundle = new EvidenceBundle { Checkpoint = checkpoint.SignedNote, LogVerifierKey = (await Log.GetInfo()).VerifierKey };
        var usedReports = new SortedSet<long>();
        var usedNotices = new SortedSet<long>();
        var differences = new List<string>();
        var windowStart = live.At;
        foreach (var finding in wanted)
        {
            var commitmentId = finding.Evaluation.CommitmentId;
            var stored = await grains.GetGrain<ICommitmentGrain>(commitmentId).Get()
                ?? throw RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_COMMITMENT", $"no commitment {commitmentId}");
            var commitment = new ActiveCommitment(commitmentId, wire.ReadCommitment(stored.Statement!).Terms, finding.ActiveFrom, finding.ActiveUntil);
            var evidence = new LedgerEvidence(partyId, commitment, live.DeclaredDevices, [.. log.Reports.Values], [.. log.Notices.Values], live.At);
            var (prepared, differ) = VerdictFindings.Prepare(ToCore(finding.Evaluation, commitment), evidence);
            if (prepared is null)
            {
                differences.AddRange(differ.Select(d => $"commitment {commitmentId}: {d}"));
                continue;
            }

            verdict.Findings.Add(prepared);
            usedReports.UnionWith(evidence.Reports.Select(r => r.Evidence.LogIndex));
            usedNotices.UnionWith(evidence.Notices.Select(n => n.Evidence.LogIndex));
            windowStart = finding.ActiveFrom < windowStart ? finding.ActiveFrom : windowStart;
            bundle.Commitments.Add(await Logged(wire.LogEntry(stored.Statement!), null, checkpoint.TreeSize));
        }

        if (differences.Count > 0)
        {
            return (null, differences);
        }

        verdict.WindowStart = Timestamp.FromDateTimeOffset(windowStart);
        foreach (var index in usedReports)
        {
            bundle.Reports.Add(await Logged(log.Entries[index], index, checkpoint.TreeSize));
        }

        foreach (var index in usedNotices)
        {
            bundle.Notices.Add(await Logged(log.Entries[index], index, checkpoint.TreeSize));
        }

        await AddDevices(verdict, bundle, devices, log, usedReports, checkpoint.TreeSize, live.At);
        return ((verdict, bundle), []);
    }

    private async Task AddDevices(Verdict verdict, EvidenceBundle bundle, Dictionary<string, DeviceState> devices, PartyEvidence log, SortedSet<long> usedReports, long size, DateTimeOffset at)
    {
        var trust = await grains.GetGrain<ITrustStoreGrain>(ITrustStoreGrain.Key).Get();
        var snapshot = new TrustSnapshot([.. trust.Roots.Select(r => r.Der)], trust.Revocations.Select(r => r.Sha256).ToHashSet(StringComparer.Ordinal));
        var epochs = usedReports.Select(i => log.Reports[i]).GroupBy(r => r.DeviceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => log.Epochs[r.Evidence.LogIndex]).ToHashSet(), StringComparer.Ordinal);
        var usedRoots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deviceId in epochs.Keys.Order(StringComparer.Ordinal))
        {
            var device = devices[deviceId];
            var chain = DeviceChainVerifier.Verify(device.Chain, snapshot, at);
            var rooted = device.Measurements.Count > 0;
            var appraisal = VerdictMapping.ToProto(DeviceAppraiser.Appraise(deviceId, chain, hardwareRooted: rooted, measurementsVerified: rooted, reportsVerified: true));
            appraisal.Model = MonitoringMapping.ToProto(device.Model);
            verdict.Devices.Add(appraisal);
            if (chain.RootSha256 is { } root)
            {
                usedRoots.Add(root);
            }

            var evidence = new DeviceEvidence { DeviceId = deviceId };
            evidence.CertificateChain.AddRange(device.Chain.Select(ByteString.CopyFrom));
            foreach (var (index, (keyDevice, epoch)) in log.Keys)
            {
                if (keyDevice == deviceId && epochs[deviceId].Remove(epoch))
                {
                    evidence.ReportingKeys.Add(await Logged(log.Entries[index], index, size));
                }
            }

            bundle.Devices.Add(evidence);
        }

        bundle.TrustedRoots.AddRange(trust.Roots.Where(r => usedRoots.Contains(r.Sha256)).Select(r => ByteString.CopyFrom(r.Der)));
    }

    /// <summary>The party's reports, notices and reporting keys in the log below <paramref name="size"/>, keyed by log index.</summary>
    private async Task<PartyEvidence> ReadPartyEvidence(string partyId, Dictionary<string, DeviceState> devices, long size)
    {
        var evidence = new PartyEvidence();
        for (var start = 0L; start < size; start += Page)
        {
            foreach (var e in (await Log.GetEntries(start, (int)Math.Min(Page, size - start))).OrThrow())
            {
                var envelope = Envelope.Parser.ParseFrom(e.Entry);
                if (envelope.PayloadType == MonitoringReport.Descriptor.FullName)
                {
                    var report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
                    if (devices.TryGetValue(report.DeviceId, out var device))
                    {
                        evidence.Reports[e.Index] = MonitoringMapping.ToVerified(report, partyId, System.Enum.Parse<Core.Monitoring.DeviceModel>(device.Model), e.Index, e.Entry);
                        evidence.Epochs[e.Index] = report.BootEpoch;
                        evidence.Entries[e.Index] = e.Entry;
                    }
                }
                else if (envelope.PayloadType == TrainingNotification.Descriptor.FullName)
                {
                    var notice = TrainingNotification.Parser.ParseFrom(envelope.Payload);
                    if (notice.Header?.PartyId == partyId)
                    {
                        evidence.Notices[e.Index] = MonitoringMapping.ToNotice(notice, e.Index, e.Entry);
                        evidence.Entries[e.Index] = e.Entry;
                    }
                }
                else if (envelope.PayloadType == ReportingKeySubmission.Descriptor.FullName)
                {
                    var statement = ReportingKeyStatement.Parser.ParseFrom(ReportingKeySubmission.Parser.ParseFrom(envelope.Payload).Certificate.Statement);
                    if (devices.ContainsKey(statement.DeviceId))
                    {
                        evidence.Keys[e.Index] = (statement.DeviceId, statement.BootEpoch);
                        evidence.Entries[e.Index] = e.Entry;
                    }
                }
            }
        }

        return evidence;
    }

    private async Task<LoggedEnvelope> Logged(byte[] entry, long? index, long size)
    {
        var proof = (await Log.GetInclusionProof(index ?? 0, index is null ? Core.Log.MerkleHash.Leaf(entry) : null, size)).OrThrow();
        return EvidenceBundles.Logged(entry, proof.Index, proof.Proof);
    }

    private static CommitmentEvaluation ToCore(EvaluationData e, ActiveCommitment commitment) => new(
        e.CommitmentId,
        commitment.Terms.Kind,
        System.Enum.Parse<ComplianceState>(e.State),
        e.Why,
        e.Measured,
        e.Limit,
        e.Basis);

    private sealed class PartyEvidence
    {
        public SortedDictionary<long, VerifiedReport> Reports { get; } = [];
        public SortedDictionary<long, TrainingNotice> Notices { get; } = [];
        public SortedDictionary<long, (string DeviceId, ulong Epoch)> Keys { get; } = [];
        public Dictionary<long, ulong> Epochs { get; } = [];
        public Dictionary<long, byte[]> Entries { get; } = [];
    }
}
