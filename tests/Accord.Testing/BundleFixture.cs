// A real evidence bundle built end to end: Ed25519 party keys (RFC 8032), a C2SP checkpoint signed
// by a log NoteSigner over an in-memory RFC 9162 Merkle tree, a test manufacturer's device chain
// (RFC 5280, ECDSA P-384), a reporting-key certificate and DSSE-signed monitoring reports.
using Accord.Client;
using Accord.Core.Attestation;
using Accord.Core.Compliance;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Registry;
using Accord.Core.Verdicts;
using Accord.DevTools;
using Accord.Bundles;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Testing;

/// <summary>Keys, a log, a device and the pieces of one bundle; <see cref="Build"/> assembles a bundle from them.</summary>
public sealed class BundleFixture : IDisposable
{
    public const string Origin = "accord.test/log";
    public const string Workload = "run-7";
    public const double Cap = 1e24;

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly double[] Flops = [1.25e20, 2.5e20, 3.0e20];

    public BundleFixture()
    {
        Maker = TestManufacturer.Create("Acme", Now.AddDays(-30));
        Device = Maker.IssueDevice("GPU-0001", Now.AddDays(-10));
        LogSigner = new NoteSigner(Origin, LogKey);

        // Filler entries so that proofs have depth.
        for (var i = 0; i < 5; i++)
        {
            Append(System.Text.Encoding.UTF8.GetBytes($"filler {i}"));
        }

        Commitment = RequestSigning.Sign(
            new CommitmentStatement
            {
                Header = RequestSigning.Header("lab-a", Now.AddDays(-20)),
                Title = "No run above 1e24 FLOP",
                Terms = new CommitmentTerms
                {
                    TrainingRunCap = new TrainingRunComputeCap
                    {
                        MaxFlop = Cap,
                        Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 },
                    },
                },
            },
            LabKey);
        CommitmentIndex = Append(Commitment.ToByteArray());

        var statement = new ReportingKeyStatement
        {
            DeviceId = Device.DeviceId,
            BootEpoch = 7,
            ReportingPublicKey = ByteString.CopyFrom(ReportingKey.PublicKey.ToBytes()),
            NotBefore = Timestamp.FromDateTimeOffset(Now.AddDays(-2)),
            NotAfter = Timestamp.FromDateTimeOffset(Now.AddDays(1)),
            ChallengeNonce = ByteString.CopyFrom(new byte[16]),
        };
        var statementBytes = statement.ToByteArray();
        var certificate = new ReportingKeyCertificate
        {
            Statement = ByteString.CopyFrom(statementBytes),
            Signature = ByteString.CopyFrom(Device.SignDer(statementBytes)),
        };
        Submission = RequestSigning.Sign(new ReportingKeySubmission { Header = RequestSigning.Header("lab-a", Now.AddDays(-2)), Certificate = certificate }, LabKey);
        SubmissionIndex = Append(Submission.ToByteArray());

        for (var i = 0; i < Flops.Length; i++)
        {
            var report = Report((ulong)i + 1, Flops[i]);
            Reports.Add(report);
            ReportIndexes.Add(Append(report.ToByteArray()));
            Append(System.Text.Encoding.UTF8.GetBytes($"other {i}"));
        }

        CheckpointNote = CheckpointAt(Tree.Size);
    }

    public PartyKeyPair InspectorKey { get; } = PartyKeyPair.Generate();

    public PartyKeyPair LabKey { get; } = PartyKeyPair.Generate();

    public PartyKeyPair LogKey { get; } = PartyKeyPair.Generate();

    public PartyKeyPair ReportingKey { get; } = PartyKeyPair.Generate();

    public NoteSigner LogSigner { get; }

    public TestManufacturer Maker { get; }

    public DeviceIdentity Device { get; }

    public MerkleTree Tree { get; } = new();

    public List<byte[]> Entries { get; } = [];

    public Envelope Commitment { get; }

    public long CommitmentIndex { get; }

    public Envelope Submission { get; }

    public long SubmissionIndex { get; }

    public List<Envelope> Reports { get; } = [];

    public List<long> ReportIndexes { get; } = [];

    public string CheckpointNote { get; }

    public string CommitmentId => Identifiers.CommitmentIdFor(Commitment.Payload.Span);

    public long Append(byte[] entry)
    {
        Entries.Add(entry);
        return Tree.Append(MerkleHash.Leaf(entry));
    }

    public string CheckpointAt(long size) =>
        SignedNote.Sign(new Checkpoint(Origin, size, Tree.RootAt(size)).Body(), LogSigner).Format();

    public Envelope Report(ulong sequence, double flop, string workload = Workload) => RequestSigning.Sign(
        new MonitoringReport
        {
            DeviceId = Device.DeviceId,
            BootEpoch = 7,
            Sequence = sequence,
            IntervalStart = Timestamp.FromDateTimeOffset(Now.AddHours(-10 + (int)sequence)),
            IntervalEnd = Timestamp.FromDateTimeOffset(Now.AddHours(-9 + (int)sequence)),
            WorkloadId = workload,
            ActiveSeconds = 3600,
            Utilization = 0.4,
            PowerWatts = 600,
            EstimatedFlop = flop,
            Precision = Precision.Bf16,
        },
        ReportingKey);

    public LoggedEnvelope Logged(long index, long? size = null) =>
        EvidenceBundles.Logged(Entries[(int)index], index, Tree.InclusionProof(index, size ?? Tree.Size));

    /// <summary>When the cap began binding, and when the verdict judges it (the last report's end).</summary>
    public static readonly DateTimeOffset ActiveFrom = Now.AddDays(-1);

    public static readonly DateTimeOffset JudgedAt = Now.AddHours(-6);

    /// <summary>
    /// The verdict the inspector signs: the compliance ledger's finding on the cap, re-derived from the logged
    /// reports (the first <paramref name="reportsJudged"/>, default all) as the server derives it; the device appraised
    /// as a test-manufacturer H100.
    /// </summary>
    public Verdict Verdict(int? reportsJudged = null)
    {
        var chain = DeviceChainVerifier.Verify(Device.ChainDer, TrustSnapshot.Of([Maker.RootDer]), Now);
        var appraisal = VerdictMapping.ToProto(DeviceAppraiser.Appraise(Device.DeviceId, chain, hardwareRooted: false, measurementsVerified: false, reportsVerified: true));
        appraisal.Model = Accord.Protos.V1.DeviceModel.H100Sxm;
        var terms = CommitmentMapping.ToDomain(CommitmentStatement.Parser.ParseFrom(Commitment.Payload).Terms).Value!;
        var commitment = new ActiveCommitment(CommitmentId, terms, ActiveFrom, null);
        var reports = ReportIndexes.Take(reportsJudged ?? ReportIndexes.Count).Select((index, i) => MonitoringMapping.ToVerified(
            MonitoringReport.Parser.ParseFrom(Reports[i].Payload), "lab-a", Core.Monitoring.DeviceModel.H100Sxm, index, Entries[(int)index])).ToList();
        var evidence = new LedgerEvidence("lab-a", commitment, [Device.DeviceId], reports, [], JudgedAt);
        var finding = VerdictFindings.ToProto(LedgerReplay.Judge(evidence), commitment, evidence);
        var verdict = new Verdict
        {
            Header = RequestSigning.Header("inspector-x", Now),
            PartyId = "lab-a",
            WindowStart = Timestamp.FromDateTimeOffset(ActiveFrom),
            WindowEnd = Timestamp.FromDateTimeOffset(JudgedAt),
            Checkpoint = CheckpointNote,
        };
        verdict.Findings.Add(finding);
        verdict.Devices.Add(appraisal);
        return verdict;
    }

    /// <summary>The bundle for <paramref name="verdict"/> (default <see cref="Verdict()"/>), signed by the inspector.</summary>
    public EvidenceBundle Build(Verdict? verdict = null)
    {
        var bundle = new EvidenceBundle
        {
            Verdict = RequestSigning.Sign(verdict ?? Verdict(), InspectorKey),
            InspectorPublicKey = ByteString.CopyFrom(InspectorKey.PublicKey.ToBytes()),
            LogVerifierKey = LogSigner.VerifierKey,
            Checkpoint = CheckpointNote,
        };
        bundle.Commitments.Add(Logged(CommitmentIndex));
        bundle.Reports.AddRange(ReportIndexes.Select(i => Logged(i)));
        var device = new DeviceEvidence { DeviceId = Device.DeviceId };
        device.CertificateChain.AddRange(Device.ChainDer.Select(ByteString.CopyFrom));
        device.ReportingKeys.Add(Logged(SubmissionIndex));
        bundle.Devices.Add(device);
        bundle.TrustedRoots.Add(ByteString.CopyFrom(Maker.RootDer));
        return bundle;
    }

    public void Dispose()
    {
        InspectorKey.Dispose();
        LabKey.Dispose();
        LogKey.Dispose();
        ReportingKey.Dispose();
    }
}
