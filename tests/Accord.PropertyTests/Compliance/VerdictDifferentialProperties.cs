// A verdict can never contradict the ledger (docs/compliance.md, "Verdicts and evidence bundles"): for random
// fleets, strategies and commitment kinds, the finding an offline-verified evidence bundle carries equals the
// live compliance ledger's status, for every binding commitment. The live ledger is fed as the server feeds it
// (every commitment at once, bound when it activates, withdrawn when it ends, reports and notices in log order,
// the sweep ticking between arrivals); the verdict is prepared as the server prepares it and verified as anyone
// verifies it: real Ed25519 signatures, a real RFC 9162 log with a signed C2SP checkpoint, real device chains
// (every tenth case verifies the whole bundle; the others run the verifier's finding step on the parsed bundle).
using System.Security.Cryptography;
using System.Text;
using Accord.Bundles;
using Accord.Client;
using Accord.Core.Attestation;
using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Monitoring;
using Accord.Core.Notes;
using Accord.Core.Registry;
using Accord.Core.Verdicts;
using Accord.DevTools;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.Mapping;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Xunit.Abstractions;
using V1 = Accord.Protos.V1;

namespace Accord.PropertyTests.Compliance;

public sealed class VerdictDifferentialProperties(ITestOutputHelper output)
{
    [Fact]
    public void VerifiedBundleFinding_RandomFleetsStrategiesAndKinds_EqualsTheLedgersStatus()
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        Property.Run(output, nameof(VerifiedBundleFinding_RandomFleetsStrategiesAndKinds_EqualsTheLedgersStatus), Gen.Int, seed =>
        {
            foreach (var (kind, state) in DifferentialCase.Check(seed))
            {
                lock (kinds)
                {
                    var key = $"{kind} {state}";
                    kinds[key] = kinds.GetValueOrDefault(key) + 1;
                }
            }
        }, CaseBudget.VerdictDifferential);

        // Every kind reached a judgement; the compute kinds held, were breached, and were not verifiable for want of evidence.
        foreach (var (key, count) in kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{key}: {count}");
        }

        foreach (var kind in new[] { "TrainingRunCap", "AggregateCap", "ClusterSizeCap", "PauseWindow", "NotifyTraining", "MonitoringCoverage", "MonitoredBand" })
        {
            Assert.True(kinds.ContainsKey($"{kind} Breached"), $"no case breached {kind}");
            Assert.True(kinds.ContainsKey($"{kind} Holds"), $"no case held {kind}");
            if (kind != "MonitoringCoverage")
            {
                Assert.True(kinds.ContainsKey($"{kind} NotVerifiable"), $"no case left {kind} without evidence");
            }
        }

        Assert.True(kinds.ContainsKey("InspectionAccess NotVerifiable"));
    }
}

/// <summary>One generated case: a fleet, a strategy, commitments, the live ledger, a verdict and its verification.</summary>
internal static class DifferentialCase
{
    private const string Party = "lab-d";
    private const string Origin = "accord.test/differential";
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset IssuedAt = T0.AddDays(1);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private static readonly DeviceModel[] Models = [DeviceModel.H100Sxm, DeviceModel.H200Sxm, DeviceModel.A100Sxm, DeviceModel.B200];
    private static readonly Pool Fleet = new();

    /// <summary>Runs the case for <paramref name="seed"/>; returns each judged commitment's kind and state.</summary>
    public static IReadOnlyList<(CommitmentKind Kind, ComplianceState State)> Check(int seed)
    {
        // Every tenth case is verified whole, signatures included; the others only through the finding step, which reads payloads, so their reports and notices go unsigned.
        var whole = seed % 10 == 0;
        var rng = new Random(seed);
        var devices = Fleet.Devices.Take(rng.Next(1, Fleet.Devices.Count + 1)).ToList();
        var steps = rng.Next(6, 40);
        var split = devices.Count >= 2 && rng.NextDouble() < 0.4;
        var hidden = rng.NextDouble() < 0.25;
        var silentFrom = devices.ToDictionary(d => d.Id, d => rng.NextDouble() < 0.25 ? rng.Next(0, steps) : steps);

        // Commitments, signed and logged first (they are registered before they bind).
        var log = new Log();
        var commitments = new List<(ActiveCommitment Final, string Id)>();
        for (var c = rng.Next(1, 4); c > 0; c--)
        {
            var terms = Terms(rng);
            var statement = new V1.CommitmentStatement { Header = RequestSigning.Header(Party, T0.AddDays(-1)), Title = "differential", Terms = CommitmentMapping.ToProto(terms) };
            var envelope = RequestSigning.Sign(statement, Fleet.LabKey);
            var id = Identifiers.CommitmentIdFor(envelope.Payload.Span);
            if (commitments.Any(k => k.Id == id))
            {
                continue;
            }

            var mapped = CommitmentMapping.ToDomain(statement.Terms);
            Assert.True(mapped.Ok, $"seed {seed}: generated terms do not validate: {string.Join("; ", mapped.Violations.Select(v => v.Description))}");
            var from = T0 + (Step * rng.Next(0, steps)) + (rng.NextDouble() < 0.5 ? TimeSpan.FromSeconds(rng.Next(1, (int)Step.TotalSeconds)) : TimeSpan.Zero);
            DateTimeOffset? until = rng.NextDouble() < 0.2 ? from + (Step * rng.Next(1, steps)) : null;
            commitments.Add((new ActiveCommitment(id, mapped.Value!, from, until), id));
            log.Append(envelope.ToByteArray(), id);
        }

        foreach (var device in devices)
        {
            log.Append(device.Submission, "key:" + device.Id);
        }

        // Reports and notices in time order: that is the log order.
        var events = new List<(DateTimeOffset Time, int Tie, Func<byte[]> Entry)>();
        var sequence = devices.ToDictionary(d => d.Id, _ => 0UL);
        for (var k = 0; k < steps; k++)
        {
            for (var i = 0; i < devices.Count; i++)
            {
                var device = devices[i];
                if (k >= silentFrom[device.Id] || rng.NextDouble() < 0.1)
                {
                    continue;
                }

                var (workload, peers) = Workload(devices, i, split, hidden, rng);
                var report = Report(device, ++sequence[device.Id], T0 + (Step * k), workload, peers, rng);
                events.Add((report.IntervalEnd.ToDateTimeOffset(), rng.Next(), () => Entry(report, device.ReportingKey, whole)));
            }
        }

        foreach (var notify in commitments.Where(c => c.Final.Terms is NotifyTraining))
        {
            for (var n = rng.Next(0, 3); n > 0; n--)
            {
                var notice = new V1.TrainingNotification
                {
                    Header = RequestSigning.Header(Party, T0 + TimeSpan.FromSeconds(rng.Next(0, (int)(Step * steps).TotalSeconds))),
                    WorkloadId = rng.NextDouble() < 0.5 ? "run-a" : "run-0",
                    ExpectedFlop = LogUniform(rng, 1e16, 1e20),
                    Precision = V1.Precision.Bf16,
                };
                events.Add((notice.Header.IssuedAt.ToDateTimeOffset(), rng.Next(), () => Entry(notice, Fleet.LabKey, whole)));
            }
        }

        foreach (var e in events.OrderBy(e => e.Time).ThenBy(e => e.Tie))
        {
            log.Append(e.Entry(), null);
        }

        // The live ledger, fed as the server feeds it.
        var at = (events.Count > 0 ? events.Max(e => e.Time) : T0) + TimeSpan.FromMinutes(rng.Next(0, 30));
        var declared = devices.Select(d => d.Id).ToList();
        var (reports, notices) = log.Evidence(Fleet);
        var live = new ComplianceLedger(Party);
        live.SetDeclaredDevices(declared);
        var lastEnds = declared.ToDictionary(d => d, _ => (DateTimeOffset?)null, StringComparer.Ordinal);
        var now = DateTimeOffset.MinValue;
        var span = new Dictionary<string, ActiveCommitment>(StringComparer.Ordinal);
        void Advance(DateTimeOffset clock)
        {
            var changed = false;
            foreach (var (final, id) in commitments)
            {
                var shown = final.ActiveUntil is { } u && clock >= u ? final : final with { ActiveUntil = null };
                if (clock >= final.ActiveFrom && (!span.TryGetValue(id, out var was) || was != shown))
                {
                    span[id] = shown;
                    changed = true;
                }
            }

            if (changed)
            {
                live.SetCommitments([.. commitments.Where(c => span.ContainsKey(c.Id)).Select(c => span[c.Id])]);
            }

            live.Tick(clock, lastEnds);
        }

        foreach (var item in reports.Cast<object>().Concat(notices).OrderBy(o => o is VerifiedReport r ? r.Evidence.LogIndex : ((TrainingNotice)o).Evidence.LogIndex))
        {
            var time = item is VerifiedReport vr ? vr.IntervalEnd : ((TrainingNotice)item).SignedAt;
            if (time > now)
            {
                now = time;
                Advance(now);
            }

            if (item is VerifiedReport report)
            {
                live.Ingest(report, now);
                lastEnds[report.DeviceId] = lastEnds[report.DeviceId] is { } l && l > report.IntervalEnd ? l : report.IntervalEnd;
            }
            else
            {
                live.AddNotice((TrainingNotice)item, now);
            }
        }

        Advance(at > now ? at : now);
        var evaluations = live.Evaluate(at).ToDictionary(e => e.CommitmentId, StringComparer.Ordinal);

        // The verdict, prepared as the server prepares it.
        var verdict = new V1.Verdict
        {
            Header = RequestSigning.Header("inspector-d", IssuedAt),
            PartyId = Party,
            WindowEnd = Timestamp.FromDateTimeOffset(at),
            Checkpoint = log.Checkpoint(Fleet.LogSigner),
        };
        var windowStart = at;
        var bundle = new V1.EvidenceBundle { Checkpoint = verdict.Checkpoint, LogVerifierKey = Fleet.LogSigner.VerifierKey };
        foreach (var (final, id) in commitments.Where(c => evaluations.ContainsKey(c.Id)))
        {
            var evidence = new LedgerEvidence(Party, final, declared, reports, notices, at);
            var (finding, differences) = VerdictFindings.Prepare(evaluations[id], evidence);
            Assert.True(finding is not null, $"seed {seed}: {final.Terms.Kind} {id}: the live ledger and its replay differ: {string.Join("; ", differences)}");
            verdict.Findings.Add(finding);
            bundle.Commitments.Add(log.Logged(id));
            windowStart = final.ActiveFrom < windowStart ? final.ActiveFrom : windowStart;
        }

        if (verdict.Findings.Count == 0)
        {
            return [];
        }

        verdict.WindowStart = Timestamp.FromDateTimeOffset(windowStart);
        bundle.Reports.AddRange(reports.Select(r => log.Logged(r.Evidence.LogIndex)));
        bundle.Notices.AddRange(notices.Select(n => log.Logged(n.Evidence.LogIndex)));
        foreach (var device in devices.Where(d => reports.Any(r => r.DeviceId == d.Id)))
        {
            verdict.Devices.Add(device.Appraisal);
            var evidence = new V1.DeviceEvidence { DeviceId = device.Id };
            evidence.CertificateChain.AddRange(device.Identity.ChainDer.Select(ByteString.CopyFrom));
            evidence.ReportingKeys.Add(log.Logged("key:" + device.Id));
            bundle.Devices.Add(evidence);
        }

        if (bundle.Devices.Count > 0)
        {
            bundle.TrustedRoots.Add(ByteString.CopyFrom(Fleet.Maker.RootDer));
        }

        bundle.Verdict = RequestSigning.Sign(verdict, Fleet.InspectorKey);
        bundle.InspectorPublicKey = ByteString.CopyFrom(Fleet.InspectorKey.PublicKey.ToBytes());

        // Verified as anyone verifies it, from the bytes: every tenth case whole (signatures, proofs, device chains,
        // findings); the others through the verifier's finding step alone, on the bundle as parsed back.
        var bytes = EvidenceBundles.Serialize(bundle);
        V1.Verdict verified;
        if (whole)
        {
            var check = EvidenceBundles.Verify(bytes);
            Assert.True(check.Valid, $"seed {seed}: {string.Join("\n", check.Steps)}");
            verified = check.Verdict!;
        }
        else
        {
            verified = Recheck(EvidenceBundles.Parse(bytes), seed);
        }

        var judged = new List<(CommitmentKind, ComplianceState)>();
        foreach (var finding in verified.Findings)
        {
            var ledger = evaluations[finding.CommitmentId];
            Assert.True(VerdictFindings.ToDomain(finding.State) == ledger.State,
                $"seed {seed}: {ledger.Kind} {finding.CommitmentId}: the verified bundle says {finding.State}, the ledger says {ledger.State} ({ledger.Why})");
            judged.Add((ledger.Kind, ledger.State));
        }

        Assert.Equal(evaluations.Count, judged.Count);
        return judged;
    }

    /// <summary>A logged report or notice: signed when the case is verified whole, otherwise the same payload under an empty signature (the finding step never reads it).</summary>
    private static byte[] Entry<T>(T payload, PartyKeyPair key, bool signed)
        where T : IMessage<T>
    {
        if (signed)
        {
            return RequestSigning.Sign(payload, key).ToByteArray();
        }

        var envelope = new V1.Envelope { PayloadType = payload.Descriptor.FullName, Payload = payload.ToByteString() };
        envelope.Signatures.Add(new V1.Signature { KeyId = key.KeyId, Sig = ByteString.CopyFrom(new byte[64]) });
        return envelope.ToByteArray();
    }

    /// <summary>The verifier's finding step (<see cref="VerdictFindings.Recheck"/>) over a parsed bundle, each finding re-derived from the bundled evidence.</summary>
    private static V1.Verdict Recheck(V1.EvidenceBundle bundle, int seed)
    {
        var verdict = V1.Verdict.Parser.ParseFrom(bundle.Verdict.Payload);
        var models = verdict.Devices.ToDictionary(d => d.DeviceId, d => MonitoringMapping.ToDomain(d.Model)!.Value, StringComparer.Ordinal);
        var reports = new Dictionary<long, VerifiedReport>();
        foreach (var item in bundle.Reports)
        {
            var report = V1.MonitoringReport.Parser.ParseFrom(V1.Envelope.Parser.ParseFrom(item.Envelope).Payload);
            reports[item.LogIndex] = MonitoringMapping.ToVerified(report, verdict.PartyId, models[report.DeviceId], item.LogIndex, item.Envelope.Span);
        }

        var notices = bundle.Notices.ToDictionary(
            n => n.LogIndex,
            n => MonitoringMapping.ToNotice(V1.TrainingNotification.Parser.ParseFrom(V1.Envelope.Parser.ParseFrom(n.Envelope).Payload), n.LogIndex, n.Envelope.Span));
        var terms = bundle.Commitments.Select(c => V1.Envelope.Parser.ParseFrom(c.Envelope).Payload).ToDictionary(
            p => Identifiers.CommitmentIdFor(p.Span),
            p => CommitmentMapping.ToDomain(V1.CommitmentStatement.Parser.ParseFrom(p).Terms).Value!,
            StringComparer.Ordinal);
        foreach (var finding in verdict.Findings)
        {
            var differences = VerdictFindings.Recheck(finding, terms[finding.CommitmentId], verdict.PartyId, reports, notices, verdict.WindowEnd.ToDateTimeOffset());
            Assert.True(differences.Count == 0, $"seed {seed}: commitment {finding.CommitmentId}: {string.Join("; ", differences)}");
        }

        return verdict;
    }

    private static (string Workload, List<byte[]> Peers) Workload(List<PoolDevice> devices, int i, bool split, bool hidden, Random rng)
    {
        var peers = new List<byte[]>();
        string workload;
        if (rng.NextDouble() < 0.08)
        {
            workload = string.Empty;
        }
        else if (split && i < 2)
        {
            // A split run: two devices of one group report one run under two ids.
            workload = i == 0 ? "run-a" : "run-b";
            peers.Add(Hash(devices[1 - i].Id));
        }
        else if (rng.NextDouble() < 0.5)
        {
            // One shared run: every device names the others.
            workload = "run-0";
            peers.AddRange(devices.Where((_, j) => j != i).Select(d => Hash(d.Id)));
        }
        else
        {
            workload = $"run-{i + 1}";
        }

        if (hidden && workload.Length > 0 && rng.NextDouble() < 0.5)
        {
            peers.Add(Hash($"GPU-HIDDEN-{rng.Next(3)}"));
        }

        return (workload, peers);
    }

    private static V1.MonitoringReport Report(PoolDevice device, ulong sequence, DateTimeOffset start, string workload, List<byte[]> peers, Random rng)
    {
        var precision = device.Model != DeviceModel.A100Sxm && rng.NextDouble() < 0.2 ? Precision.Fp8 : Precision.Bf16;
        var utilization = rng.NextDouble();
        var seconds = Step.TotalSeconds;
        var report = new V1.MonitoringReport
        {
            DeviceId = device.Id,
            BootEpoch = 1,
            Sequence = sequence,
            IntervalStart = Timestamp.FromDateTimeOffset(start),
            IntervalEnd = Timestamp.FromDateTimeOffset(start + Step),
            WorkloadId = workload,
            ActiveSeconds = seconds,
            Utilization = utilization,
            PowerWatts = 500,
            EstimatedFlop = seconds * DeviceModels.PeakDenseFlopPerSecond(device.Model, precision) * utilization,
            Precision = precision == Precision.Fp8 ? V1.Precision.Fp8 : V1.Precision.Bf16,
        };
        report.PeerDeviceHashes.AddRange(peers.Select(ByteString.CopyFrom));
        return report;
    }

    private static CommitmentTerms Terms(Random rng)
    {
        var measure = new ComputeMeasure(CountingBasis.EstimatedFromUtilization, Precision.Bf16);
        return rng.Next(8) switch
        {
            0 => new TrainingRunComputeCap(LogUniform(rng, 1e17, 1e20), measure),
            1 => new AggregateComputeCap(LogUniform(rng, 1e17, 1e20), TimeSpan.FromHours(1), measure),
            2 => new ClusterSizeCap(ClusterUnit.H100Equivalents, new[] { 0.5, 1, 1.5, 2, 3, 5 }[rng.Next(6)], Precision.Bf16, ClusterScope.AllFacilities),
            3 => new PauseWindow(rng.NextDouble() < 0.2 ? 0 : LogUniform(rng, 1e16, 1e20), null, new PauseForMonths(1), null),
            4 => new NotifyTraining(LogUniform(rng, 1e17, 1e20), TimeSpan.FromMinutes(rng.Next(0, 60)), rng.NextDouble() < 0.5 ? NoticeTiming.BeforeThreshold : NoticeTiming.AfterThreshold, false, null, measure),
            5 => new MonitoringCoverage(new[] { 0.25, 0.5, 0.75, 1.0 }[rng.Next(4)], TimeSpan.FromMinutes(rng.Next(10, 60))),
            6 => Band(rng),
            _ => new InspectionAccess(TimeSpan.FromDays(1), InspectionType.Routine, 4),
        };
    }

    private static MonitoredBand Band(Random rng)
    {
        var a = LogUniform(rng, 1e16, 1e20);
        var b = LogUniform(rng, 1e16, 1e20);
        return new MonitoredBand(Math.Min(a, b), Math.Max(a, b) * 1.01);
    }

    private static double LogUniform(Random rng, double lo, double hi) => Math.Exp(Math.Log(lo) + (rng.NextDouble() * (Math.Log(hi) - Math.Log(lo))));

    private static byte[] Hash(string deviceId) => SHA256.HashData(Encoding.UTF8.GetBytes(deviceId));

    /// <summary>An in-memory RFC 9162 log of one case's entries.</summary>
    private sealed class Log
    {
        private readonly MerkleTree tree = new();
        private readonly List<byte[]> entries = [];
        private readonly Dictionary<string, long> named = new(StringComparer.Ordinal);

        public void Append(byte[] entry, string? name)
        {
            var index = tree.Append(MerkleHash.Leaf(entry));
            entries.Add(entry);
            if (name is not null)
            {
                named[name] = index;
            }
        }

        public string Checkpoint(NoteSigner signer) =>
            SignedNote.Sign(new Core.Notes.Checkpoint(Origin, tree.Size, tree.RootAt(tree.Size)).Body(), signer).Format();

        public V1.LoggedEnvelope Logged(string name) => Logged(named[name]);

        public V1.LoggedEnvelope Logged(long index) => EvidenceBundles.Logged(entries[(int)index], index, tree.InclusionProof(index, tree.Size));

        /// <summary>The party's reports and notices in the log, as the ledger takes them (the same mapping the server uses).</summary>
        public (List<VerifiedReport> Reports, List<TrainingNotice> Notices) Evidence(Pool pool)
        {
            var reports = new List<VerifiedReport>();
            var notices = new List<TrainingNotice>();
            for (var i = 0; i < entries.Count; i++)
            {
                var envelope = V1.Envelope.Parser.ParseFrom(entries[i]);
                if (envelope.PayloadType == V1.MonitoringReport.Descriptor.FullName)
                {
                    var report = V1.MonitoringReport.Parser.ParseFrom(envelope.Payload);
                    reports.Add(MonitoringMapping.ToVerified(report, Party, pool.ModelOf(report.DeviceId), i, entries[i]));
                }
                else if (envelope.PayloadType == V1.TrainingNotification.Descriptor.FullName)
                {
                    notices.Add(MonitoringMapping.ToNotice(V1.TrainingNotification.Parser.ParseFrom(envelope.Payload), i, entries[i]));
                }
            }

            return (reports, notices);
        }
    }

    /// <summary>Keys and devices made once: a test manufacturer, four devices with certified reporting keys, the lab, the inspector, the log.</summary>
    private sealed class Pool
    {
        public Pool()
        {
            Maker = TestManufacturer.Create("Differential Fab", T0.AddDays(-30));
            LogSigner = new NoteSigner(Origin, LogKey);
            var trust = TrustSnapshot.Of([Maker.RootDer]);
            for (var i = 0; i < Models.Length; i++)
            {
                var identity = Maker.IssueDevice($"GPU-D{i}", T0.AddDays(-10));
                var key = PartyKeyPair.Generate();
                var statement = new V1.ReportingKeyStatement
                {
                    DeviceId = identity.DeviceId,
                    BootEpoch = 1,
                    ReportingPublicKey = ByteString.CopyFrom(key.PublicKey.ToBytes()),
                    NotBefore = Timestamp.FromDateTimeOffset(T0.AddDays(-1)),
                    NotAfter = Timestamp.FromDateTimeOffset(T0.AddDays(2)),
                    ChallengeNonce = ByteString.CopyFrom(new byte[16]),
                }.ToByteArray();
                var certificate = new V1.ReportingKeyCertificate { Statement = ByteString.CopyFrom(statement), Signature = ByteString.CopyFrom(identity.SignDer(statement)) };
                var submission = RequestSigning.Sign(new V1.ReportingKeySubmission { Header = RequestSigning.Header(Party, T0.AddDays(-1)), Certificate = certificate }, LabKey);
                var chain = DeviceChainVerifier.Verify(identity.ChainDer, trust, IssuedAt);
                var appraisal = VerdictMapping.ToProto(DeviceAppraiser.Appraise(identity.DeviceId, chain, hardwareRooted: false, measurementsVerified: false, reportsVerified: true));
                appraisal.Model = MonitoringMapping.ToProto(Models[i]);
                Devices.Add(new PoolDevice(identity.DeviceId, Models[i], identity, key, submission.ToByteArray(), appraisal));
            }
        }

        public TestManufacturer Maker { get; }

        public PartyKeyPair LabKey { get; } = PartyKeyPair.Generate();

        public PartyKeyPair InspectorKey { get; } = PartyKeyPair.Generate();

        public PartyKeyPair LogKey { get; } = PartyKeyPair.Generate();

        public NoteSigner LogSigner { get; }

        public List<PoolDevice> Devices { get; } = [];

        public DeviceModel ModelOf(string deviceId) => Devices.Single(d => d.Id == deviceId).Model;
    }

    private sealed record PoolDevice(string Id, DeviceModel Model, DeviceIdentity Identity, PartyKeyPair ReportingKey, byte[] Submission, V1.DeviceAppraisal Appraisal);
}
