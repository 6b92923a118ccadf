// Offline verification of what an Accord log hands out: C2SP signed-note checkpoints
// (c2sp.org/tlog-checkpoint), C2SP tlog-proof bundles and RFC 9162 proofs (sections 2.1.3.2, 2.1.4.2).
// Needs nothing but the log's verifier key: no server.
using Accord.Core.Log;
using Accord.Core.Notes;

namespace Accord.Core.Transparency;

/// <summary>An entry proved to be in a checkpoint the log signed.</summary>
public sealed record VerifiedInclusion(Checkpoint Checkpoint, long Index, byte[] LeafHash);

/// <summary>Verifies checkpoints, inclusion bundles and append-only growth against a log key.</summary>
public static class OfflineVerifier
{
    /// <summary>The checkpoint in a signed note, if the log key signed it and the origin is the key's name.</summary>
    public static Checkpoint VerifyCheckpoint(string signedNote, NoteVerifier logKey)
    {
        SignedNote note;
        Checkpoint checkpoint;
        try
        {
            note = SignedNote.Parse(signedNote);
            checkpoint = Checkpoint.Parse(note.Text);
        }
        catch (NoteFormatException e)
        {
            throw new TransparencyVerificationException($"not a checkpoint: {e.Message}");
        }

        if (checkpoint.Origin != logKey.Name)
        {
            throw new TransparencyVerificationException($"the checkpoint's origin is '{checkpoint.Origin}', the log key is for '{logKey.Name}'");
        }

        if (!Notes.Notes.IsSignedBy(note, logKey))
        {
            throw new TransparencyVerificationException($"the checkpoint carries no valid signature by {logKey.Name}+{logKey.KeyId:x8}");
        }

        return checkpoint;
    }

    /// <summary>Verifies a tlog-proof bundle for the exact entry bytes: checkpoint signature, then the inclusion proof.</summary>
    public static VerifiedInclusion VerifyBundle(string proofText, ReadOnlySpan<byte> entry, NoteVerifier logKey)
    {
        TlogProof proof;
        try
        {
            proof = TlogProof.Parse(proofText);
        }
        catch (NoteFormatException e)
        {
            throw new TransparencyVerificationException($"not a tlog-proof: {e.Message}");
        }

        var checkpoint = VerifyCheckpoint(proof.Checkpoint.Format(), logKey);
        var leaf = MerkleHash.Leaf(entry);
        try
        {
            MerkleVerifier.VerifyInclusion(proof.Index, checkpoint.Size, leaf, proof.InclusionHashes, checkpoint.RootHash);
        }
        catch (MerkleProofException e)
        {
            throw new TransparencyVerificationException($"entry {proof.Index} is not in the checkpoint of size {checkpoint.Size}: {e.Message}");
        }

        return new VerifiedInclusion(checkpoint, proof.Index, leaf);
    }

    /// <summary>Verifies that the newer checkpoint extends the older one (same log, consistency proof), and returns the newer.</summary>
    public static Checkpoint VerifyAppendOnly(string olderNote, string newerNote, IReadOnlyList<byte[]> proof, NoteVerifier logKey)
    {
        var older = VerifyCheckpoint(olderNote, logKey);
        var newer = VerifyCheckpoint(newerNote, logKey);
        if (newer.Size < older.Size)
        {
            throw new TransparencyVerificationException($"the log shrank: size {newer.Size} after {older.Size}");
        }

        if (older.Size == 0)
        {
            return newer;
        }

        if (newer.Size == older.Size)
        {
            return older.RootHash.AsSpan().SequenceEqual(newer.RootHash)
                ? newer
                : throw new TransparencyVerificationException($"two different roots for size {older.Size}: the log forked");
        }

        try
        {
            MerkleVerifier.VerifyConsistency(older.Size, newer.Size, older.RootHash, newer.RootHash, proof);
        }
        catch (MerkleProofException e)
        {
            throw new TransparencyVerificationException($"the checkpoint at size {newer.Size} is not consistent with the one at {older.Size}: {e.Message}");
        }

        return newer;
    }
}
