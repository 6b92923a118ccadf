using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.PropertyTests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// C2SP signed notes, checkpoints, cosignatures, verifier keys and tlog-proofs, and the offline
/// verifier built on them.
/// </summary>
public sealed class NoteProperties(ITestOutputHelper output)
{
    private const string Origin = "log.accord.test/fuzz";
    private static readonly NoteSigner Log = new(Origin, PartyKeyPair.Generate());
    private static readonly NoteSigner Witness = new("witness.test", PartyKeyPair.Generate(), NoteKeyType.CosignatureV1);
    private static readonly MerkleTree Tree = Build(20);
    private static readonly Checkpoint Newer = new(Origin, 20, Tree.RootAt(20));
    private static readonly Checkpoint Older = new(Origin, 12, Tree.RootAt(12));
    private static readonly SignedNote NewerNote = SignedNote.Sign(Newer.Body(), Log, Witness);
    private static readonly string NewerText = NewerNote.Format();
    private static readonly string OlderText = SignedNote.Sign(Older.Body(), Log).Format();
    private static readonly IReadOnlyList<byte[]> Consistency = Tree.ConsistencyProof(12, 20);
    private static readonly string ProofText = TlogProof.WithExtraData(7, Tree.InclusionProof(7, 20), NewerNote, [1, 2, 3]).Format();

    [Fact]
    public void Parse_MutatedCheckpointNote_OnlyTheOriginalVerifies()
    {
        Property.Run(output, "signed checkpoint notes, mutated", Mutate.Text(NewerText), text =>
        {
            var (parsed, note) = Expect.Of<SignedNote, NoteFormatException>(() => SignedNote.Parse(text));
            if (parsed)
            {
                Assert.Equal(text, note!.Format());
                foreach (var verifier in new[] { Log.Verifier, Witness.Verifier })
                {
                    if (Expect.NeverThrows(() => note.IsSignedBy(verifier)))
                    {
                        Assert.Equal(NewerNote.Text, note.Text);
                        Assert.Contains(note.Signatures, s => NewerNote.Signatures.Contains(s) && s.KeyName == verifier.Name);
                    }
                }

                Expect.Of<Checkpoint, NoteFormatException>(() => Checkpoint.Parse(note.Text));
            }

            var (verified, checkpoint) = Expect.Of<Checkpoint, TransparencyVerificationException>(() => OfflineVerifier.VerifyCheckpoint(text, Log.Verifier));
            if (verified)
            {
                Assert.Equal(Newer, checkpoint);
            }

            var (appended, grown) = Expect.Of<Checkpoint, TransparencyVerificationException>(() => OfflineVerifier.VerifyAppendOnly(OlderText, text, Consistency, Log.Verifier));
            if (appended)
            {
                Assert.Equal(Newer, grown);
            }
        }, CaseBudget.NoteMutations);
    }

    [Fact]
    public void Parse_RandomText_OnlyNoteFormatException()
    {
        var texts = Gen.Frequency((2, Gen.String[Gen.Char[Mutate.TextChars], 0, 200]), (1, Gen.String[0, 120]), (1, Gen.String[Gen.Char[Mutate.TextChars], 0, 60].Select(t => NewerText + t)));
        Property.Run(output, "notes, checkpoints, proofs and keys, random text", Gen.Select(texts, Gen.Byte.Array[0, 200]), c =>
        {
            var (text, bytes) = c;
            Expect.Of<SignedNote, NoteFormatException>(() => SignedNote.Parse(text));
            Expect.Of<SignedNote, NoteFormatException>(() => SignedNote.Parse(bytes));
            Expect.Of<Checkpoint, NoteFormatException>(() => Checkpoint.Parse(text));
            Expect.Of<NoteSignature, NoteFormatException>(() => NoteSignature.ParseLine(text));
            Expect.Of<NoteVerifier, NoteFormatException>(() => NoteVerifier.Parse(text));
            Expect.Of<TlogProof, NoteFormatException>(() => TlogProof.Parse(text));
            Assert.False(Expect.Of<VerifiedInclusion, TransparencyVerificationException>(() => OfflineVerifier.VerifyBundle(text, bytes, Log.Verifier)).Accepted);
        }, CaseBudget.NoteRandom);
    }

    [Fact]
    public void ParseVerifierKey_Mutated_OnlyTheOriginalKeyVerifies()
    {
        Property.Run(output, "note verifier keys, mutated", Gen.OneOf(Mutate.Text(Log.VerifierKey), Mutate.Text(Witness.VerifierKey)), text =>
        {
            var (parsed, verifier) = Expect.Of<NoteVerifier, NoteFormatException>(() => NoteVerifier.Parse(text));
            if (parsed && NewerNote.IsSignedBy(verifier!))
            {
                Assert.Contains(verifier!.VerifierKey, new[] { Log.VerifierKey, Witness.VerifierKey });
            }
        }, CaseBudget.VerifierKeyMutations);
    }

    [Fact]
    public void VerifyCosignature_Mutated_OnlyTheOriginalVerifies()
    {
        var original = NewerNote.Signatures.Single(s => s.KeyName == Witness.Name);
        var cosignatures = Gen.Int[0, 2].SelectMany(field => field switch
        {
            0 => Mutate.Bytes(original.Signature).Select(b => original with { Signature = b }),
            1 => Gen.UInt.Select(id => original with { KeyId = id }),
            _ => Mutate.Text(original.KeyName).Select(n => original with { KeyName = n }),
        });
        Property.Run(output, "cosignatures, mutated", cosignatures, cosignature =>
        {
            var valid = Expect.NeverThrows(() => Cosignatures.Verify(Witness.Verifier, Newer, cosignature, out _));
            Assert.Equal(valid, cosignature.Equals(original) && cosignature.Signature.AsSpan().SequenceEqual(original.Signature));
            Assert.False(Expect.NeverThrows(() => Cosignatures.Verify(Log.Verifier, Newer, cosignature, out _)));
        }, CaseBudget.CosignatureMutations);
    }

    [Fact]
    public void ParseTlogProof_Mutated_RoundTripsAndProvesOnlyTheOriginalEntry()
    {
        var entry = Entry(7);
        Property.Run(output, "tlog-proofs, mutated", Mutate.Text(ProofText), text =>
        {
            var (parsed, proof) = Expect.Of<TlogProof, NoteFormatException>(() => TlogProof.Parse(text));
            if (parsed)
            {
                Assert.Equal(text, proof!.Format());
            }

            var (verified, inclusion) = Expect.Of<VerifiedInclusion, TransparencyVerificationException>(() => OfflineVerifier.VerifyBundle(text, entry, Log.Verifier));
            if (verified)
            {
                Assert.Equal(7, inclusion!.Index);
                Assert.Equal(Newer, inclusion.Checkpoint);
            }
        }, CaseBudget.TlogProofMutations);
    }

    private static byte[] Entry(long index) => BitConverter.GetBytes(index);

    private static MerkleTree Build(int leaves)
    {
        var tree = new MerkleTree();
        for (var i = 0; i < leaves; i++)
        {
            tree.Append(MerkleHash.Leaf(Entry(i)));
        }

        return tree;
    }
}
