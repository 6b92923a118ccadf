using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Verdicts;
using Accord.Protos.Signing;
using Accord.Protos.V1;
using Accord.Protos.Verdicts;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Accord.Cli.Commands;

/// <summary>
/// Builds an inspector's verdict on a party's per-run compute cap from the public log, signs it,
/// has the server log it, and assembles the evidence bundle that re-checks it offline.
/// </summary>
public sealed class VerdictBundleBuilder(CallInvoker channel, KeyFileContents inspector)
{
    private readonly TransparencyLogService.TransparencyLogServiceClient _log = new(channel);
    private readonly RegistryService.RegistryServiceClient _registry = new(channel);
    private readonly DeviceService.DeviceServiceClient _devices = new(channel);
    private readonly ComplianceService.ComplianceServiceClient _compliance = new(channel);

    public sealed record Built(EvidenceBundle Bundle, Verdict Verdict, long VerdictLogIndex, int Reports);

    public async Task<Built> BuildAsync(string partyId, string commitmentId, CancellationToken cancellationToken)
    {
        var info = await _log.GetLogInfoAsync(new GetLogInfoRequest(), cancellationToken: cancellationToken);
        var checkpoint = await _log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
        var size = checkpoint.TreeSize;
        var commitment = (await _registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitmentId }, cancellationToken: cancellationToken)).Commitment;
        if (commitment.PartyId != partyId)
        {
            throw new CliFailure($"commitment {commitmentId} is not a commitment of '{partyId}'");
        }

        if (commitment.Terms.KindCase != CommitmentTerms.KindOneofCase.TrainingRunCap || commitment.ActivatedAt is null)
        {
            throw new CliFailure("verdict bundles are built for active per-run compute caps");
        }

        var windowStart = commitment.ActivatedAt.ToDateTimeOffset();
        var windowEnd = DateTimeOffset.UtcNow;
        var devices = (await _devices.ListDevicesAsync(new ListDevicesRequest { PartyId = partyId }, cancellationToken: cancellationToken)).Devices.ToDictionary(d => d.DeviceId);
        var reports = new List<(long Index, byte[] Entry, MonitoringReport Report)>();
        var keys = new List<(long Index, byte[] Entry, string DeviceId)>();
        for (var start = 0L; start < size; start += 1000)
        {
            var entries = await _log.GetEntriesAsync(new GetEntriesRequest
            {
                Start = start,
                Count = 1000,
                Reader = RequestSigning.Sign(new EntriesReader { Header = RequestSigning.Header(inspector.PartyId) }, inspector.Key),
            }, cancellationToken: cancellationToken);
            foreach (var e in entries.Entries.Where(e => e.Index < size))
            {
                var envelope = Envelope.Parser.ParseFrom(e.Entry);
                if (envelope.PayloadType == MonitoringReport.Descriptor.FullName)
                {
                    var report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
                    if (devices.ContainsKey(report.DeviceId)
                        && report.IntervalStart.ToDateTimeOffset() >= windowStart && report.IntervalEnd.ToDateTimeOffset() <= windowEnd)
                    {
                        reports.Add((e.Index, e.Entry.ToByteArray(), report));
                    }
                }
                else if (envelope.PayloadType == ReportingKeySubmission.Descriptor.FullName)
                {
                    var statement = ReportingKeyStatement.Parser.ParseFrom(ReportingKeySubmission.Parser.ParseFrom(envelope.Payload).Certificate.Statement);
                    if (devices.ContainsKey(statement.DeviceId))
                    {
                        keys.Add((e.Index, e.Entry.ToByteArray(), statement.DeviceId));
                    }
                }
            }
        }

        var cap = commitment.Terms.TrainingRunCap;
        var verdict = new Verdict
        {
            Header = RequestSigning.Header(inspector.PartyId),
            PartyId = partyId,
            WindowStart = Timestamp.FromDateTimeOffset(windowStart),
            WindowEnd = Timestamp.FromDateTimeOffset(windowEnd),
            Checkpoint = checkpoint.Checkpoint,
        };
        foreach (var run in reports.GroupBy(r => r.Report.WorkloadId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var measured = 0.0;
            foreach (var r in run)
            {
                measured += r.Report.EstimatedFlop;
            }

            verdict.Findings.Add(new CommitmentFinding
            {
                CommitmentId = commitmentId,
                State = measured > cap.MaxFlop ? FindingState.Breached : FindingState.Holds,
                Why = measured > cap.MaxFlop
                    ? $"run '{run.Key}' used {measured:0.###e0} FLOP, above the cap of {cap.MaxFlop:0.###e0}"
                    : $"run '{run.Key}' used {measured:0.###e0} FLOP, within the cap of {cap.MaxFlop:0.###e0}",
                Measured = measured,
                Limit = cap.MaxFlop,
                Unit = "FLOP",
                Basis = "FLOP estimated from active seconds x utilisation x peak dense throughput, as reported",
                WorkloadId = run.Key,
                ReportLogIndexes = { run.Select(r => r.Index) },
            });
        }

        var trust = await _devices.ListTrustAsync(new ListTrustRequest(), cancellationToken: cancellationToken);
        var roots = trust.Roots.Select(r => r.CertificateDer.ToByteArray()).ToList();
        var snapshot = new TrustSnapshot(roots, trust.Revocations.Select(r => r.CertificateSha256).ToHashSet());
        var used = reports.Select(r => r.Report.DeviceId).ToHashSet();
        var usedRoots = new HashSet<string>();
        foreach (var deviceId in used.Order(StringComparer.Ordinal))
        {
            var device = devices[deviceId];
            var chain = DeviceChainVerifier.Verify([.. device.CertificateChain.Select(c => c.ToByteArray())], snapshot, DateTimeOffset.UtcNow);
            var rooted = device.Measurements.Count > 0;
            var appraisal = VerdictMapping.ToProto(DeviceAppraiser.Appraise(deviceId, chain, hardwareRooted: rooted, measurementsVerified: rooted, reportsVerified: true));
            verdict.Devices.Add(appraisal);
            if (chain.RootSha256 is { } root)
            {
                usedRoots.Add(root);
            }
        }

        var signed = EvidenceBundles.SignVerdict(verdict, inspector.Key);
        var issued = await _compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = signed }, cancellationToken: cancellationToken);

        var bundle = new EvidenceBundle
        {
            Verdict = signed,
            InspectorPublicKey = ByteString.CopyFrom(inspector.Key.PublicKey.ToBytes()),
            LogVerifierKey = info.VerifierKey,
            Checkpoint = checkpoint.Checkpoint,
        };
        bundle.Commitments.Add(await Logged(commitment.Statement.ToByteArray(), size, cancellationToken));
        foreach (var r in reports)
        {
            bundle.Reports.Add(await Logged(r.Entry, size, cancellationToken, r.Index));
        }

        foreach (var deviceId in used.Order(StringComparer.Ordinal))
        {
            var evidence = new DeviceEvidence { DeviceId = deviceId, CertificateChain = { devices[deviceId].CertificateChain } };
            foreach (var key in keys.Where(k => k.DeviceId == deviceId))
            {
                evidence.ReportingKeys.Add(await Logged(key.Entry, size, cancellationToken, key.Index));
            }

            bundle.Devices.Add(evidence);
        }

        bundle.TrustedRoots.AddRange(trust.Roots.Where(r => usedRoots.Contains(r.CertificateSha256)).Select(r => r.CertificateDer));
        return new Built(bundle, verdict, issued.Receipt.Index, reports.Count);
    }

    private async Task<LoggedEnvelope> Logged(byte[] entry, long size, CancellationToken cancellationToken, long? index = null)
    {
        var request = new GetInclusionProofRequest { TreeSize = size };
        if (index is { } i)
        {
            request.Index = i;
        }
        else
        {
            request.LeafHash = ByteString.CopyFrom(MerkleHash.Leaf(entry));
        }

        var proof = await _log.GetInclusionProofAsync(request, cancellationToken: cancellationToken);
        return EvidenceBundles.Logged(entry, proof.Index, proof.Proof.Select(p => p.ToByteArray()));
    }
}
