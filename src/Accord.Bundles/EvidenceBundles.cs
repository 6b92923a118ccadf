// Offline verification of evidence bundles (protos/accord/v1/verdicts.proto, EvidenceBundle):
// DSSE v1 envelopes with Ed25519 (RFC 8032), C2SP signed-note checkpoints (c2sp.org/tlog-checkpoint),
// RFC 9162 section 2.1.3.2 inclusion proofs with leaf hash SHA-256(0x00 || entry), RFC 5280 device
// chains (DeviceChainVerifier), ECDSA P-384 / SHA-384 reporting-key certificates (FIPS 186-5), and
// the AR4SI tiers of IETF draft-ietf-rats-ar4si. docs/compliance.md, "Verdicts and evidence
// bundles", lists the steps in order.
using Accord.Core.Attestation;
using Accord.Core.Compliance;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Monitoring;
using Accord.Core.Notes;
using Accord.Core.Registry;
using Accord.Core.Transparency;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Bundles;

/// <summary>
/// The outcome of <see cref="EvidenceBundles.Verify(EvidenceBundle)"/>. <see cref="Reason"/> is null
/// when <see cref="Valid"/>, otherwise one of <see cref="BundleReasons"/>; <see cref="Steps"/>
/// lists each step as "name: ok|FAILED - detail", the last failed one explaining the refusal.
/// <see cref="Verdict"/> is the verified verdict, set only when valid.
/// </summary>
public sealed record BundleVerification(bool Valid, string? Reason, string Message, Verdict? Verdict, IReadOnlyList<string> Steps);

/// <summary>Stable refusal codes of bundle verification; never renamed, only added to.</summary>
public static class BundleReasons
{
    /// <summary>The bundle or a message in it is not the canonical protobuf encoding, or a required part is missing.</summary>
    public const string Malformed = "MALFORMED";

    /// <summary>The verdict envelope is not signed (alone) by the bundled inspector key.</summary>
    public const string VerdictSignature = "VERDICT_SIGNATURE";

    /// <summary>The checkpoint is not signed by the bundled log key, or is not the one the verdict names.</summary>
    public const string Checkpoint = "CHECKPOINT";

    /// <summary>A logged item's inclusion proof does not verify against the checkpoint.</summary>
    public const string Inclusion = "INCLUSION";

    /// <summary>A device identity chain does not verify to a bundled root, or a root anchors nothing.</summary>
    public const string DeviceChain = "DEVICE_CHAIN";

    /// <summary>A reporting-key certificate is not signed by the device's identity key, or is missing.</summary>
    public const string ReportingKey = "REPORTING_KEY";

    /// <summary>A report is not signed by its device's certified reporting key, or lies outside the key's validity or the window.</summary>
    public const string ReportSignature = "REPORT_SIGNATURE";

    /// <summary>A finding names an unknown commitment or report, or its state contradicts its figures.</summary>
    public const string Finding = "FINDING";

    /// <summary>A finding's measured value is not the total recomputed from the bundled reports.</summary>
    public const string TotalMismatch = "TOTAL_MISMATCH";

    /// <summary>The verdict's appraisal of a device is missing, names another root, or is better than the chain supports.</summary>
    public const string Appraisal = "APPRAISAL";

    /// <summary>The compliance ledger, replayed over the bundled evidence, does not reach the verdict's finding.</summary>
    public const string FindingDiffers = "FINDING_DIFFERS";

    /// <summary>A bundled item (commitment, report, root) is used by nothing the verdict says.</summary>
    public const string Unreferenced = "UNREFERENCED";
}

/// <summary>The bundle bytes are not a canonical EvidenceBundle.</summary>
public sealed class EvidenceBundleFormatException(string message) : Exception(message);

/// <summary>Builds, serializes, parses and verifies evidence bundles, with no server.</summary>
public static class EvidenceBundles
{
    /// <summary>The envelope payload type of a verdict: "accord.v1.Verdict".</summary>
    public static string VerdictPayloadType { get; } = Verdict.Descriptor.FullName;

    /// <summary>The unit of compute findings.</summary>
    public const string FlopUnit = "FLOP";

    /// <summary>A logged envelope: its exact log entry bytes, index and inclusion proof.</summary>
    public static LoggedEnvelope Logged(byte[] entry, long index, IEnumerable<byte[]> inclusionProof)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(inclusionProof);
        var logged = new LoggedEnvelope { Envelope = ByteString.CopyFrom(entry), LogIndex = index };
        logged.InclusionProof.AddRange(inclusionProof.Select(ByteString.CopyFrom));
        return logged;
    }

    /// <summary>The bundle's protobuf bytes (the file <c>accord inspect bundle</c> writes).</summary>
    public static byte[] Serialize(EvidenceBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return bundle.ToByteArray();
    }

    /// <summary>
    /// Parses bundle bytes strictly: unknown fields are refused, and the bytes must be exactly the
    /// canonical encoding of what was parsed (so no byte can change without changing a value).
    /// </summary>
    /// <exception cref="EvidenceBundleFormatException">Not a canonical EvidenceBundle.</exception>
    public static EvidenceBundle Parse(ReadOnlySpan<byte> bytes) => ParseCanonical(EvidenceBundle.Parser, bytes, "EvidenceBundle");

    /// <summary>Parses then verifies; a parse failure is a MALFORMED result.</summary>
    public static BundleVerification Verify(ReadOnlySpan<byte> bytes)
    {
        EvidenceBundle bundle;
        try
        {
            bundle = Parse(bytes);
        }
        catch (EvidenceBundleFormatException e)
        {
            var step = $"parse: FAILED {BundleReasons.Malformed} - {e.Message}";
            return new BundleVerification(false, BundleReasons.Malformed, e.Message, null, [step]);
        }

        return Verify(bundle);
    }

    /// <summary>
    /// Verifies the bundle offline, in order: (1) the verdict envelope carries exactly one signature,
    /// the bundled inspector key's, and it verifies; (2) the checkpoint is signed by the bundled log key
    /// and is byte-equal to the one the verdict names; (3) every logged item's inclusion proof verifies
    /// against that checkpoint for leaf SHA-256(0x00 || envelope bytes); (4) every device chain verifies
    /// to a bundled root at the verdict's time, every root anchors a chain, every reporting-key
    /// certificate is signed by its device's identity key, and the verdict appraises each device
    /// against the root it names, no better than the chain supports; (5) every report is signed by its
    /// device's reporting key of its boot epoch and lies within the key's validity and the window;
    /// (6) every finding names a bundled commitment, its reports are bundled, its FLOP total equals the
    /// sum of the reports' estimated FLOP in the order listed, its state agrees with measured and
    /// limit, and every bundled commitment and report is used. The inspector key, the log key and the
    /// roots are taken from the bundle: compare them out of band with the registry's.
    /// </summary>
    public static BundleVerification Verify(EvidenceBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var run = new Run();
        try
        {
            return Check(bundle, run);
        }
        catch (RefusedException e)
        {
            return run.Fail(e.Step, e.Reason, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or InvalidProtocolBufferException)
        {
            // A value no step expected (e.g. a timestamp out of range): refused, never thrown.
            return run.Fail("verify", BundleReasons.Malformed, e.Message);
        }
    }

    private static BundleVerification Check(EvidenceBundle bundle, Run run)
    {
        // 1. verdict signature
        var verdict = CheckVerdict(bundle);
        run.Ok("verdict", $"signed by inspector key {KeyIds.Of(bundle.InspectorPublicKey.Span)} (party '{verdict.Header.PartyId}')");

        // 2. checkpoint
        var checkpoint = CheckCheckpoint(bundle, verdict);
        run.Ok("checkpoint", $"signed by {bundle.LogVerifierKey}, size {checkpoint.Size}, the one the verdict names");

        // 3. inclusion
        var logged = new Dictionary<long, Envelope>();
        void Include(LoggedEnvelope item, string what, string payloadType)
        {
            var envelope = CheckInclusion(item, checkpoint, what, payloadType);
            if (!logged.TryAdd(item.LogIndex, envelope))
            {
                throw new RefusedException("inclusion", BundleReasons.Malformed, $"{what}: log index {item.LogIndex} appears twice in the bundle");
            }
        }

        for (var i = 0; i < bundle.Commitments.Count; i++)
        {
            Include(bundle.Commitments[i], $"commitment {i}", CommitmentStatement.Descriptor.FullName);
        }

        for (var i = 0; i < bundle.Reports.Count; i++)
        {
            Include(bundle.Reports[i], $"report {i}", MonitoringReport.Descriptor.FullName);
        }

        for (var i = 0; i < bundle.Notices.Count; i++)
        {
            Include(bundle.Notices[i], $"notice {i}", TrainingNotification.Descriptor.FullName);
        }

        foreach (var device in bundle.Devices)
        {
            for (var k = 0; k < device.ReportingKeys.Count; k++)
            {
                Include(device.ReportingKeys[k], $"device '{device.DeviceId}' reporting key {k}", ReportingKeySubmission.Descriptor.FullName);
            }
        }

        run.Ok("inclusion", $"{logged.Count} logged item(s) included in the checkpoint of size {checkpoint.Size}");

        // 4. devices
        var keys = CheckDevices(bundle, verdict);
        run.Ok("devices", $"{bundle.Devices.Count} device chain(s) verified to {bundle.TrustedRoots.Count} bundled root(s); {keys.Count} reporting key(s) certified");

        // 5. reports
        var reports = CheckReports(bundle, verdict, keys);
        run.Ok("reports", $"{reports.Count} report(s) signed by certified reporting keys, inside the window");

        // 6. findings
        CheckFindings(bundle, verdict, reports);
        run.Ok("findings", $"{verdict.Findings.Count} finding(s): each re-derived by the compliance ledger from the bundled evidence, and the same");
        var subject = verdict.SubjectCase == Verdict.SubjectOneofCase.PartyId ? $"party '{verdict.PartyId}'" : $"device '{verdict.DeviceId}'";
        return new BundleVerification(true, null, $"The verdict on {subject} verifies offline against checkpoint size {checkpoint.Size}.", verdict, run.Steps);
    }

    private static Verdict CheckVerdict(EvidenceBundle bundle)
    {
        const string step = "verdict";
        var envelope = bundle.Verdict ?? throw new RefusedException(step, BundleReasons.Malformed, "the bundle has no verdict envelope");
        if (envelope.PayloadType != VerdictPayloadType)
        {
            throw new RefusedException(step, BundleReasons.Malformed, $"the verdict envelope's payload type is '{envelope.PayloadType}', not {VerdictPayloadType}");
        }

        PartyPublicKey inspector;
        try
        {
            inspector = PartyPublicKey.FromBytes(bundle.InspectorPublicKey.Span);
        }
        catch (FormatException e)
        {
            throw new RefusedException(step, BundleReasons.Malformed, $"the inspector public key: {e.Message}");
        }

        if (envelope.Signatures.Count != 1)
        {
            throw new RefusedException(step, BundleReasons.VerdictSignature, $"the verdict envelope carries {envelope.Signatures.Count} signatures; it must carry exactly one, the inspector's");
        }

        var check = EnvelopeVerifier.Verify(ToCore(envelope), inspector);
        if (check != EnvelopeCheck.Valid)
        {
            throw new RefusedException(step, BundleReasons.VerdictSignature, check == EnvelopeCheck.NoSignatureForKey
                ? $"the verdict is not signed by the bundled inspector key {inspector.KeyId}"
                : $"the inspector's signature on the verdict does not verify ({check})");
        }

        var verdict = ParseOrRefuse(Verdict.Parser, envelope.Payload.Span, "Verdict", step);
        if (verdict.Header is null || string.IsNullOrEmpty(verdict.Header.PartyId) || ProtoTime.Read(verdict.Header.IssuedAt) is null)
        {
            throw new RefusedException(step, BundleReasons.Malformed, "the verdict has no header (inspector party id and time)");
        }

        if (verdict.SubjectCase == Verdict.SubjectOneofCase.None)
        {
            throw new RefusedException(step, BundleReasons.Malformed, "the verdict names no subject (party or device)");
        }

        if (!ProtoTime.TryRead(verdict.WindowStart, out var windowStart) || !ProtoTime.TryRead(verdict.WindowEnd, out var windowEnd) || windowStart > windowEnd)
        {
            throw new RefusedException(step, BundleReasons.Malformed, "the verdict's window is missing or ends before it starts");
        }

        return verdict;
    }

    private static Checkpoint CheckCheckpoint(EvidenceBundle bundle, Verdict verdict)
    {
        const string step = "checkpoint";
        NoteVerifier logKey;
        try
        {
            logKey = NoteVerifier.Parse(bundle.LogVerifierKey);
        }
        catch (NoteFormatException e)
        {
            throw new RefusedException(step, BundleReasons.Malformed, $"the log verifier key: {e.Message}");
        }

        if (logKey.VerifierKey != bundle.LogVerifierKey)
        {
            throw new RefusedException(step, BundleReasons.Malformed, $"the log verifier key is not in canonical form ({logKey.VerifierKey})");
        }

        Checkpoint checkpoint;
        try
        {
            checkpoint = OfflineVerifier.VerifyCheckpoint(bundle.Checkpoint, logKey);
        }
        catch (TransparencyVerificationException e)
        {
            throw new RefusedException(step, BundleReasons.Checkpoint, e.Message);
        }

        if (!string.Equals(bundle.Checkpoint, verdict.Checkpoint, StringComparison.Ordinal))
        {
            throw new RefusedException(step, BundleReasons.Checkpoint, "the bundled checkpoint is not the one the verdict names");
        }

        return checkpoint;
    }

    private static Envelope CheckInclusion(LoggedEnvelope item, Checkpoint checkpoint, string what, string payloadType)
    {
        const string step = "inclusion";
        var entry = item.Envelope.Span;
        try
        {
            MerkleVerifier.VerifyInclusion(item.LogIndex, checkpoint.Size, MerkleHash.Leaf(entry), [.. item.InclusionProof.Select(h => h.ToByteArray())], checkpoint.RootHash);
        }
        catch (MerkleProofException e)
        {
            throw new RefusedException(step, BundleReasons.Inclusion, $"{what} (log index {item.LogIndex}) is not in the checkpoint of size {checkpoint.Size}: {e.Message}");
        }

        var envelope = ParseOrRefuse(Envelope.Parser, entry, $"{what}'s Envelope", step);
        if (envelope.PayloadType != payloadType)
        {
            throw new RefusedException(step, BundleReasons.Malformed, $"{what} (log index {item.LogIndex}) is a {envelope.PayloadType}, not a {payloadType}");
        }

        return envelope;
    }

    private static Dictionary<(string DeviceId, ulong Epoch), ReportingKey> CheckDevices(EvidenceBundle bundle, Verdict verdict)
    {
        const string step = "devices";
        var trust = TrustSnapshot.Of(bundle.TrustedRoots.Select(r => r.ToByteArray()));
        var at = verdict.Header.IssuedAt.ToDateTimeOffset();
        var anchored = new HashSet<string>(StringComparer.Ordinal);
        var keys = new Dictionary<(string, ulong), ReportingKey>();
        var appraisals = new Dictionary<string, Accord.Protos.V1.DeviceAppraisal>(StringComparer.Ordinal);
        foreach (var appraisal in verdict.Devices)
        {
            if (!appraisals.TryAdd(appraisal.DeviceId, appraisal))
            {
                throw new RefusedException(step, BundleReasons.Appraisal, $"the verdict appraises device '{appraisal.DeviceId}' twice");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in bundle.Devices)
        {
            if (!seen.Add(device.DeviceId))
            {
                throw new RefusedException(step, BundleReasons.Malformed, $"device '{device.DeviceId}' appears twice in the bundle");
            }

            var chainDer = device.CertificateChain.Select(c => c.ToByteArray()).ToList();
            var chain = DeviceChainVerifier.Verify(chainDer, trust, at);
            if (!chain.Valid)
            {
                throw new RefusedException(step, BundleReasons.DeviceChain, $"device '{device.DeviceId}': the identity chain does not verify to a bundled root at {at:O}: {chain.Reason}: {chain.Message}");
            }

            if (chain.DeviceId != device.DeviceId)
            {
                throw new RefusedException(step, BundleReasons.DeviceChain, $"device '{device.DeviceId}': the chain's leaf is device '{chain.DeviceId}'");
            }

            anchored.Add(chain.RootSha256!);
            if (!appraisals.TryGetValue(device.DeviceId, out var appraised))
            {
                throw new RefusedException(step, BundleReasons.Appraisal, $"device '{device.DeviceId}' is bundled but the verdict does not appraise it");
            }

            if (appraised.RootSha256 != chain.RootSha256)
            {
                throw new RefusedException(step, BundleReasons.Appraisal, $"device '{device.DeviceId}': the verdict names root {appraised.RootSha256}, the chain verifies to {chain.RootSha256}");
            }

            if (chain.Revocation != RevocationStatus.Good && appraised.Trustworthiness is { } v
                && (v.InstanceIdentity == Accord.Protos.V1.TrustTier.Affirming || v.Hardware == Accord.Protos.V1.TrustTier.Affirming))
            {
                throw new RefusedException(step, BundleReasons.Appraisal, $"device '{device.DeviceId}': revocation is {chain.Revocation.ToString().ToLowerInvariant()}, yet the verdict affirms its identity or hardware");
            }

            var leaf = DeviceCertificate.Parse(chainDer[0]);
            for (var k = 0; k < device.ReportingKeys.Count; k++)
            {
                var what = $"device '{device.DeviceId}' reporting key {k}";
                var envelope = Envelope.Parser.ParseFrom(device.ReportingKeys[k].Envelope);
                var submission = ParseOrRefuse(ReportingKeySubmission.Parser, envelope.Payload.Span, $"{what}'s ReportingKeySubmission", step);
                var certificate = submission.Certificate
                    ?? throw new RefusedException(step, BundleReasons.ReportingKey, $"{what}: the submission carries no certificate");
                var certified = ReportingKeyRules.VerifyCertificate(
                    leaf.SubjectPublicKeyInfo, certificate.Statement.Memory, certificate.Signature.Span, device.DeviceId, MonitoringMapping.ReadStatement);
                if (certified.Refusal is { } refused)
                {
                    throw new RefusedException(step, BundleReasons.ReportingKey, $"{what}: {refused.Reason}: {refused.Message}");
                }

                var statement = certified.Value!.Key;
                if (!keys.TryAdd((device.DeviceId, statement.BootEpoch), statement))
                {
                    throw new RefusedException(step, BundleReasons.ReportingKey, $"{what}: two certificates for boot epoch {statement.BootEpoch}");
                }
            }
        }

        foreach (var appraisal in verdict.Devices)
        {
            if (!seen.Contains(appraisal.DeviceId))
            {
                throw new RefusedException(step, BundleReasons.Appraisal, $"the verdict appraises device '{appraisal.DeviceId}', whose chain is not in the bundle");
            }
        }

        for (var i = 0; i < bundle.TrustedRoots.Count; i++)
        {
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bundle.TrustedRoots[i].Span));
            if (!anchored.Contains(sha))
            {
                throw new RefusedException(step, BundleReasons.Unreferenced, $"trusted root {i} (sha256 {sha}) anchors no bundled device chain");
            }
        }

        return keys;
    }

    private static Dictionary<long, VerifiedReport> CheckReports(
        EvidenceBundle bundle, Verdict verdict, Dictionary<(string DeviceId, ulong Epoch), ReportingKey> keys)
    {
        const string step = "reports";
        var models = verdict.Devices.ToDictionary(d => d.DeviceId, d => MonitoringMapping.ToDomain(d.Model), StringComparer.Ordinal);
        var reports = new Dictionary<long, VerifiedReport>();
        foreach (var item in bundle.Reports)
        {
            var envelope = Envelope.Parser.ParseFrom(item.Envelope);
            var what = $"report at log index {item.LogIndex}";
            var report = ParseOrRefuse(MonitoringReport.Parser, envelope.Payload.Span, $"{what}'s MonitoringReport", step);
            if (!keys.TryGetValue((report.DeviceId, report.BootEpoch), out var statement))
            {
                throw new RefusedException(step, BundleReasons.ReportingKey, $"{what}: no bundled reporting-key certificate for device '{report.DeviceId}' epoch {report.BootEpoch}");
            }

            var refused = SignedReportRules.VerifySignature(statement, MonitoringMapping.ReadReport(ToCore(envelope)));
            if (refused is not null)
            {
                throw new RefusedException(step, BundleReasons.ReportSignature, $"{what}: {refused.Reason}: {refused.Message}");
            }

            if (ProtoTime.Read(report.IntervalStart) is null || ProtoTime.Read(report.IntervalEnd) is null)
            {
                throw new RefusedException(step, BundleReasons.Malformed, $"{what}: no interval");
            }

            if (!models.TryGetValue(report.DeviceId, out var model) || model is not { } enrolled)
            {
                throw new RefusedException(step, BundleReasons.Appraisal, $"{what}: the verdict does not give device '{report.DeviceId}''s enrolled model");
            }

            try
            {
                reports.Add(item.LogIndex, MonitoringMapping.ToVerified(report, verdict.PartyId, enrolled, item.LogIndex, item.Envelope.Span));
            }
            catch (FormatException e)
            {
                throw new RefusedException(step, BundleReasons.Malformed, $"{what}: {e.Message}");
            }
        }

        return reports;
    }

    private static void CheckFindings(EvidenceBundle bundle, Verdict verdict, Dictionary<long, VerifiedReport> reports)
    {
        const string step = "findings";
        if (verdict.SubjectCase != Verdict.SubjectOneofCase.PartyId)
        {
            throw new RefusedException(step, BundleReasons.Finding, "findings judge a party's commitments; the verdict names a device");
        }

        var commitments = new Dictionary<string, CommitmentStatement>(StringComparer.Ordinal);
        foreach (var item in bundle.Commitments)
        {
            var envelope = Envelope.Parser.ParseFrom(item.Envelope);
            var id = Identifiers.CommitmentIdFor(envelope.Payload.Span);
            var statement = ParseOrRefuse(CommitmentStatement.Parser, envelope.Payload.Span, $"commitment {id}'s CommitmentStatement", step);
            if (!commitments.TryAdd(id, statement))
            {
                throw new RefusedException(step, BundleReasons.Malformed, $"commitment {id} is bundled twice");
            }
        }

        var notices = new Dictionary<long, TrainingNotice>();
        foreach (var item in bundle.Notices)
        {
            var envelope = Envelope.Parser.ParseFrom(item.Envelope);
            var notice = ParseOrRefuse(TrainingNotification.Parser, envelope.Payload.Span, $"notice at log index {item.LogIndex}", step);
            if (notice.Header?.PartyId != verdict.PartyId)
            {
                throw new RefusedException(step, BundleReasons.Finding, $"the notice at log index {item.LogIndex} is not '{verdict.PartyId}''s");
            }

            try
            {
                notices.Add(item.LogIndex, MonitoringMapping.ToNotice(notice, item.LogIndex, item.Envelope.Span));
            }
            catch (FormatException e)
            {
                throw new RefusedException(step, BundleReasons.Malformed, e.Message);
            }
        }

        var at = verdict.WindowEnd.ToDateTimeOffset();
        var usedCommitments = new HashSet<string>(StringComparer.Ordinal);
        var usedReports = new HashSet<long>();
        var usedNotices = new HashSet<long>();
        foreach (var finding in verdict.Findings)
        {
            var what = $"finding on commitment {finding.CommitmentId}";
            if (!commitments.TryGetValue(finding.CommitmentId, out var statement))
            {
                throw new RefusedException(step, BundleReasons.Finding, $"{what}: the commitment is not in the bundle");
            }

            if (!usedCommitments.Add(finding.CommitmentId))
            {
                throw new RefusedException(step, BundleReasons.Finding, $"{what}: the commitment is judged twice");
            }

            if (finding.State == FindingState.Unspecified)
            {
                throw new RefusedException(step, BundleReasons.Finding, $"{what}: no state");
            }

            var terms = CommitmentMapping.ToDomain(statement.Terms);
            if (!terms.Ok)
            {
                throw new RefusedException(step, BundleReasons.Finding, $"{what}: the commitment's terms cannot be read");
            }

            IReadOnlyList<string> differences;
            try
            {
                differences = VerdictFindings.Recheck(finding, terms.Value!, verdict.PartyId, reports, notices, at);
            }
            catch (FormatException e)
            {
                throw new RefusedException(step, BundleReasons.Finding, $"{what}: {e.Message}");
            }

            if (differences.Count > 0)
            {
                throw new RefusedException(step, BundleReasons.FindingDiffers, $"{what}: the compliance ledger, replayed over the bundled evidence, does not reach it: {string.Join("; ", differences)}");
            }

            usedReports.UnionWith(finding.ReportLogIndexes);
            usedNotices.UnionWith(finding.NoticeLogIndexes);
        }

        foreach (var id in commitments.Keys.Where(id => !usedCommitments.Contains(id)))
        {
            throw new RefusedException(step, BundleReasons.Unreferenced, $"commitment {id} is bundled but no finding judges it");
        }

        foreach (var index in reports.Keys.Where(i => !usedReports.Contains(i)))
        {
            throw new RefusedException(step, BundleReasons.Unreferenced, $"report at log index {index} is bundled but no finding counts it");
        }

        foreach (var index in notices.Keys.Where(i => !usedNotices.Contains(i)))
        {
            throw new RefusedException(step, BundleReasons.Unreferenced, $"notice at log index {index} is bundled but no finding counts it");
        }
    }

    private static T ParseOrRefuse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, string what, string step)
        where T : IMessage<T>
    {
        try
        {
            return ParseCanonical(parser, bytes, what);
        }
        catch (EvidenceBundleFormatException e)
        {
            throw new RefusedException(step, BundleReasons.Malformed, e.Message);
        }
    }

    private static T ParseCanonical<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, string what)
        where T : IMessage<T>
    {
        T message;
        try
        {
            message = parser.WithDiscardUnknownFields(true).ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new EvidenceBundleFormatException($"not a {what}: {e.Message}");
        }

        if (!bytes.SequenceEqual(message.ToByteArray()))
        {
            throw new EvidenceBundleFormatException($"not the canonical encoding of a {what} (unknown fields, fields out of order, or non-minimal lengths)");
        }

        return message;
    }

    private static SignedEnvelope ToCore(Envelope envelope) =>
        new(envelope.PayloadType, envelope.Payload.ToByteArray(), [.. envelope.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig.ToByteArray()))]);

    private sealed class RefusedException(string step, string reason, string message) : Exception(message)
    {
        public string Step { get; } = step;

        public string Reason { get; } = reason;
    }

    private sealed class Run
    {
        public List<string> Steps { get; } = [];

        public void Ok(string step, string detail) => Steps.Add($"{step}: ok - {detail}");

        public BundleVerification Fail(string step, string reason, string message)
        {
            Steps.Add($"{step}: FAILED {reason} - {message}");
            return new BundleVerification(false, reason, message, null, Steps);
        }
    }
}
