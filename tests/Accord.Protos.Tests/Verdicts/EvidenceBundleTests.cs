// Offline verification of evidence bundles (protos/accord/v1/verdicts.proto): DSSE verdicts,
// C2SP checkpoints, RFC 9162 inclusion proofs, RFC 5280 device chains and reporting-key
// certificates; every single-byte change refused (docs/compliance.md, "Verdicts and evidence bundles").
using Accord.Client;
using Accord.Core.Keys;
using Accord.Core.Notes;
using Accord.DevTools;
using Accord.Bundles;
using Accord.Protos.V1;
using Accord.Testing;
using Google.Protobuf;

namespace Accord.Protos.Tests.Verdicts;

public sealed class EvidenceBundleTests : IClassFixture<BundleFixtureHolder>
{
    private readonly BundleFixture fixture;

    public EvidenceBundleTests(BundleFixtureHolder holder) => fixture = holder.Fixture;

    [Fact]
    public void Verify_RealBundle_IsValidWithEveryStepInOrder()
    {
        // Arrange
        var bundle = fixture.Build();

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.True(result.Valid, string.Join("\n", result.Steps));
        Assert.Null(result.Reason);
        Assert.Equal(["verdict", "checkpoint", "inclusion", "devices", "reports", "findings"], result.Steps.Select(s => s[..s.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal("lab-a", result.Verdict!.PartyId);
        Assert.Equal(V1.TrustTier.Warning, result.Verdict.Devices[0].Trustworthiness.InstanceIdentity);
    }

    [Fact]
    public void SerializeParse_RoundTrip_VerifiesAndIsByteEqual()
    {
        // Arrange
        var bytes = EvidenceBundles.Serialize(fixture.Build());

        // Act
        var parsed = EvidenceBundles.Parse(bytes);
        var result = EvidenceBundles.Verify(bytes);

        // Assert
        Assert.Equal(bytes, EvidenceBundles.Serialize(parsed));
        Assert.True(result.Valid, string.Join("\n", result.Steps));
    }

    [Fact]
    public void Verify_EverySingleByteChange_IsRefused()
    {
        // Arrange: every position with its lowest bit flipped, plus a seeded sample of positions
        // changed by a random non-zero mask.
        var bytes = EvidenceBundles.Serialize(fixture.Build());
        var random = new Random(20260301);
        var changes = Enumerable.Range(0, bytes.Length).Select(p => (Position: p, Mask: (byte)0x01)).ToList();
        for (var i = 0; i < 500; i++)
        {
            changes.Add((random.Next(bytes.Length), (byte)random.Next(1, 256)));
        }

        var accepted = new List<string>();

        // Act
        foreach (var (position, mask) in changes)
        {
            var changed = (byte[])bytes.Clone();
            changed[position] ^= mask;
            if (EvidenceBundles.Verify(changed).Valid)
            {
                accepted.Add($"byte {position} ^ 0x{mask:x2}");
            }
        }

        // Assert
        Assert.True(bytes.Length > 1000, $"the bundle is {bytes.Length} bytes");
        Assert.Empty(accepted);
    }

    [Fact]
    public void Verify_AppendedUnknownField_ParseRefuses()
    {
        // Arrange: field 15 (varint 1) appended: valid protobuf, unknown to EvidenceBundle.
        var bytes = EvidenceBundles.Serialize(fixture.Build()).Concat(new byte[] { 0x78, 0x01 }).ToArray();

        // Act
        var error = Assert.Throws<EvidenceBundleFormatException>(() => EvidenceBundles.Parse(bytes));
        var result = EvidenceBundles.Verify(bytes);

        // Assert
        Assert.Contains("canonical", error.Message, StringComparison.Ordinal);
        Assert.Equal(BundleReasons.Malformed, result.Reason);
    }

    [Fact]
    public void Verify_WrongLogKey_RefusedAtCheckpoint()
    {
        // Arrange
        using var otherKey = PartyKeyPair.Generate();
        var bundle = fixture.Build();
        bundle.LogVerifierKey = new NoteSigner(BundleFixture.Origin, otherKey).VerifierKey;

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.False(result.Valid);
        Assert.Equal(BundleReasons.Checkpoint, result.Reason);
        Assert.StartsWith("checkpoint: FAILED", result.Steps[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CheckpointOtherThanTheVerdictNames_RefusedAtCheckpoint()
    {
        // Arrange: a valid checkpoint of the same log, at a smaller size.
        var bundle = fixture.Build();
        bundle.Checkpoint = fixture.CheckpointAt(fixture.Tree.Size - 1);

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.Equal(BundleReasons.Checkpoint, result.Reason);
        Assert.Contains("not the one the verdict names", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ProofForAnotherCheckpoint_RefusedAtInclusion()
    {
        // Arrange: the first report's proof is for the tree one entry smaller than the checkpoint's.
        var bundle = fixture.Build();
        var index = fixture.ReportIndexes[0];
        bundle.Reports[0] = fixture.Logged(index, fixture.Tree.Size - 1);

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.Equal(BundleReasons.Inclusion, result.Reason);
        Assert.Contains($"log index {index}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReportReplacedBySignedButUnloggedReport_RefusedAtInclusion()
    {
        // Arrange: a report with a smaller total, properly signed by the reporting key, but not the logged bytes.
        var bundle = fixture.Build();
        var forged = fixture.Report(1, 1.0);
        bundle.Reports[0] = EvidenceBundles.Logged(forged.ToByteArray(), fixture.ReportIndexes[0], bundle.Reports[0].InclusionProof.Select(h => h.ToByteArray()));

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.Equal(BundleReasons.Inclusion, result.Reason);
    }

    [Fact]
    public void Verify_VerdictTotalDiffersFromReports_RefusedAsFindingDiffers()
    {
        // Arrange: the inspector signs a measured total one report short of what the ledger finds.
        var verdict = fixture.Verdict();
        verdict.Findings[0].Measured = BundleFixture.Flops[0] + BundleFixture.Flops[1];

        // Act
        var result = EvidenceBundles.Verify(fixture.Build(verdict));

        // Assert
        Assert.Equal(BundleReasons.FindingDiffers, result.Reason);
        Assert.StartsWith("findings: FAILED FINDING_DIFFERS", result.Steps[^1], StringComparison.Ordinal);
        Assert.Contains("measured: claimed 3.75E+20, the evidence gives 6.75E+20", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_StateContradictsTheLedger_RefusedAsFindingDiffers()
    {
        // Arrange: under the cap, but the verdict says breached.
        var verdict = fixture.Verdict();
        Assert.Equal(FindingState.Holds, verdict.Findings[0].State);
        verdict.Findings[0].State = FindingState.Breached;

        // Act
        var result = EvidenceBundles.Verify(fixture.Build(verdict));

        // Assert
        Assert.Equal(BundleReasons.FindingDiffers, result.Reason);
        Assert.Contains("state: claimed breached, the evidence gives holds", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RunSplitDifferently_RefusedAsFindingDiffers()
    {
        // Arrange: the finding claims the run's FLOP were spread over another run.
        var verdict = fixture.Verdict();
        var run = Assert.Single(verdict.Findings[0].Runs);
        run.WorkloadIds[0] = "run-other";

        // Act
        var result = EvidenceBundles.Verify(fixture.Build(verdict));

        // Assert
        Assert.Equal(BundleReasons.FindingDiffers, result.Reason);
        Assert.Contains("not a run the evidence joins", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReportNotCountedByAnyFinding_RefusedAsUnreferenced()
    {
        // Arrange: the finding is derived from two of the three bundled reports, so the third is replayed by none.
        var verdict = fixture.Verdict(reportsJudged: 2);
        Assert.Equal(2, verdict.Findings[0].ReportLogIndexes.Count);

        // Act
        var result = EvidenceBundles.Verify(fixture.Build(verdict));

        // Assert
        Assert.Equal(BundleReasons.Unreferenced, result.Reason);
    }

    [Fact]
    public void Verify_VerdictSignedByAnotherKey_RefusedAtVerdict()
    {
        // Arrange
        using var other = PartyKeyPair.Generate();
        var bundle = fixture.Build();
        bundle.Verdict = RequestSigning.Sign(fixture.Verdict(), other);

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.Equal(BundleReasons.VerdictSignature, result.Reason);
        Assert.Single(result.Steps);
    }

    [Fact]
    public void Verify_AppraisalNamesAnotherRoot_RefusedAsAppraisal()
    {
        // Arrange: the verdict names a root the chain does not verify to.
        var verdict = fixture.Verdict();
        verdict.Devices[0].RootSha256 = new string('0', 64);

        // Act
        var result = EvidenceBundles.Verify(fixture.Build(verdict));

        // Assert
        Assert.Equal(BundleReasons.Appraisal, result.Reason);
    }

    [Fact]
    public void Verify_UnusedTrustedRoot_RefusedAsUnreferenced()
    {
        // Arrange
        var bundle = fixture.Build();
        bundle.TrustedRoots.Add(ByteString.CopyFrom(Accord.DevTools.TestManufacturer.Create("Other", BundleFixture.Now.AddDays(-1)).RootDer));

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.Equal(BundleReasons.Unreferenced, result.Reason);
    }

    [Fact]
    public void Verify_ChainToAnUntrustedRoot_RefusedAtDevices()
    {
        // Arrange: the bundled root is another manufacturer's.
        var bundle = fixture.Build();
        bundle.TrustedRoots[0] = ByteString.CopyFrom(Accord.DevTools.TestManufacturer.Create("Other", BundleFixture.Now.AddDays(-1)).RootDer);

        // Act
        var result = EvidenceBundles.Verify(bundle);

        // Assert
        Assert.Equal(BundleReasons.DeviceChain, result.Reason);
        Assert.Contains("UNTRUSTED_ROOT", result.Message, StringComparison.Ordinal);
    }
}

/// <summary>One fixture (keys, log, device) shared by the tests of a class.</summary>
public sealed class BundleFixtureHolder : IDisposable
{
    public BundleFixture Fixture { get; } = new();

    public void Dispose() => Fixture.Dispose();
}
