using Accord.Client;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.IntegrationTests.Log;

/// <summary>The transparency log through a real server: receipts, proofs, entries, witness cosignatures, bad input.</summary>
[Collection(ServerCollection.Name)]
public sealed class TransparencyLogTests(AccordServerFixture server)
{
    [Fact]
    public async Task RegisterCommitment_Receipt_VerifiesAgainstItsSignedCheckpoint()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        var envelope = lab.Sign(lab.Statement(TestParty.Pause()));
        var logKey = await server.LogKeyAsync();

        var receipt = (await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = envelope })).Receipt;

        var checkpoint = OfflineVerifier.VerifyCheckpoint(receipt.Checkpoint, logKey);
        Assert.Equal(MerkleHash.Leaf(envelope.ToByteArray()), receipt.LeafHash.ToByteArray());
        MerkleVerifier.VerifyInclusion(receipt.Index, checkpoint.Size, receipt.LeafHash.Span, [.. receipt.InclusionProof.Select(p => p.ToByteArray())], checkpoint.RootHash);
        var logged = (await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = receipt.Index, Count = 1 })).Entries[0];
        Assert.Equal(envelope.ToByteString(), logged.Entry);
    }

    [Fact]
    public async Task EveryMutation_IsLogged_WithReceipts()
    {
        var a = await TestParty.RegisterAsync(server.Registry, "lab");
        var b = await TestParty.RegisterAsync(server.Registry, "lab");
        var proposed = await server.Registry.ProposeAgreementAsync(new ProposeAgreementRequest
        {
            Envelope = a.Sign(new AgreementProposal { Header = RequestSigning.Header(a.Id), AgreementId = "logged-" + Guid.NewGuid().ToString("N")[..8], Title = "t", Rule = new ActivationRule { All = true }, PartyIds = { a.Id, b.Id } }),
        });
        var signed = await server.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = b.SignatureOn(proposed.Agreement) });
        var committed = await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = a.Sign(a.Statement(TestParty.Pause())) });
        var withdrawn = await server.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest
        {
            Envelope = a.Sign(new CommitmentWithdrawal { Header = RequestSigning.Header(a.Id), CommitmentId = committed.Commitment.CommitmentId }),
        });

        var indexes = new[] { proposed.Receipt.Index, signed.Receipt.Index, committed.Receipt.Index, withdrawn.Receipt.Index };
        Assert.Equal(indexes.Order(), indexes);
        Assert.Equal(4, indexes.Distinct().Count());
        var types = new List<string>();
        foreach (var index in indexes)
        {
            types.Add(Envelope.Parser.ParseFrom((await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = index, Count = 1 })).Entries[0].Entry).PayloadType);
        }

        Assert.Equal(["accord.v1.AgreementProposal", "accord.v1.AgreementSignature", "accord.v1.CommitmentStatement", "accord.v1.CommitmentWithdrawal"], types);
    }

    [Fact]
    public async Task GetInclusionProof_ByLeafHash_MatchesProofByIndex()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "lab");
        var receipt = (await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = lab.Sign(lab.Statement(TestParty.Pause())) })).Receipt;

        var byIndex = await server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { Index = receipt.Index });
        var byHash = await server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { LeafHash = receipt.LeafHash });

        Assert.Equal(byIndex, byHash);
        var checkpoint = OfflineVerifier.VerifyCheckpoint(byIndex.Checkpoint, await server.LogKeyAsync());
        MerkleVerifier.VerifyInclusion(byIndex.Index, checkpoint.Size, byIndex.LeafHash.Span, [.. byIndex.Proof.Select(p => p.ToByteArray())], checkpoint.RootHash);
    }

    [Fact]
    public async Task AddCosignature_ByTrustedWitness_IsVerifiedStoredAndServed()
    {
        await TestParty.RegisterAsync(server.Registry, "lab");
        var logKey = await server.LogKeyAsync();
        var latest = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var cosigned = Witnessing.Cosign(server.Witness, logKey, null, latest.Checkpoint, [], DateTimeOffset.UtcNow);

        var response = await server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() });
        var again = await server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() });

        Assert.Equal(1, response.Added);
        Assert.Equal(0, again.Added);
        var served = SignedNote.Parse((await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint);
        var stored = SignedNote.Parse(response.Checkpoint);
        var cosignature = Assert.Single(stored.Signatures, s => s.KeyName == AccordServerFixture.WitnessName);
        Assert.True(Cosignatures.Verify(NoteVerifier.Parse(server.Witness.VerifierKey), Checkpoint.Parse(stored.Text), cosignature, out _));
        Assert.True(Notes.IsSignedBy(stored, logKey));
        if (served.Text == stored.Text)
        {
            Assert.Contains(served.Signatures, s => s.KeyName == AccordServerFixture.WitnessName);
        }
    }

    [Fact]
    public async Task AddCosignature_UnknownWitness_PermissionDeniedAndNothingChanges()
    {
        using var strangerKey = Core.Keys.PartyKeyPair.Generate();
        var stranger = new NoteSigner("stranger.test", strangerKey, NoteKeyType.CosignatureV1);
        var before = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var cosigned = Witnessing.Cosign(stranger, await server.LogKeyAsync(), null, before.Checkpoint, [], DateTimeOffset.UtcNow);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "UNKNOWN_WITNESS",
            () => server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() }).ResponseAsync);

        Assert.DoesNotContain("stranger.test", (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).Checkpoint);
    }

    [Fact]
    public async Task AddCosignature_Malformed_InvalidArgument()
    {
        var before = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());

        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "MALFORMED_COSIGNATURE",
            () => server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = "not a note" }).ResponseAsync);

        Assert.Equal(before.TreeSize, (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize);
    }

    [Fact]
    public async Task AddCosignature_FlippedCosignatureBit_InvalidArgumentBadCosignature()
    {
        var latest = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var cosigned = Witnessing.Cosign(server.Witness, await server.LogKeyAsync(), null, latest.Checkpoint, [], DateTimeOffset.UtcNow);
        var broken = cosigned with
        {
            Signatures = [.. cosigned.Signatures.Select(s => s.KeyName == AccordServerFixture.WitnessName ? s with { Signature = Flip(s.Signature, 20) } : s)],
        };

        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "BAD_COSIGNATURE",
            () => server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = broken.Format() }).ResponseAsync);
    }

    [Fact]
    public async Task AddCosignature_CheckpointForAnotherOrigin_InvalidArgumentWrongOrigin()
    {
        using var otherKey = Core.Keys.PartyKeyPair.Generate();
        var latest = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var other = Notes.Sign(new Checkpoint("other.example/log", latest.TreeSize, latest.RootHash.ToByteArray(), []).Body(), new NoteSigner("other.example/log", otherKey));
        var cosigned = new SignedNote(other.Text, [.. other.Signatures, Cosignatures.Cosign(server.Witness, Checkpoint.Parse(other.Text), DateTimeOffset.UtcNow)]);

        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "WRONG_ORIGIN",
            () => server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() }).ResponseAsync);
    }

    [Fact]
    public async Task AddCosignature_CheckpointTheLogNeverSigned_FailedPrecondition()
    {
        var latest = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var forged = new Checkpoint(Checkpoint.Parse(SignedNote.Parse(latest.Checkpoint).Text).Origin, latest.TreeSize, new byte[32], []);
        var note = new SignedNote(forged.Body(), [Cosignatures.Cosign(server.Witness, forged, DateTimeOffset.UtcNow)]);

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "UNKNOWN_CHECKPOINT",
            () => server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = note.Format() }).ResponseAsync);
    }

    [Fact]
    public async Task Proofs_BeyondTreeSize_OutOfRange()
    {
        var latest = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());

        await Refusals.AssertRefusedAsync(StatusCode.OutOfRange, "BEYOND_TREE_SIZE",
            () => server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { Index = latest.TreeSize + 5 }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.OutOfRange, "BEYOND_TREE_SIZE",
            () => server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { Index = 0, TreeSize = latest.TreeSize + 1 }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.OutOfRange, "BEYOND_TREE_SIZE",
            () => server.Log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 1, SecondSize = latest.TreeSize + 1 }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, "BAD_SIZES",
            () => server.Log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 0 }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.OutOfRange, "BEYOND_TREE_SIZE",
            () => server.Log.GetEntriesAsync(new GetEntriesRequest { Start = latest.TreeSize, Count = 1 }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_LEAF",
            () => server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { LeafHash = ByteString.CopyFrom(new byte[32]) }).ResponseAsync);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
