// A witness (c2sp.org/tlog-witness semantics, pull model): it remembers the last checkpoint it
// cosigned, verifies that the next one extends it (RFC 9162 consistency), and only then cosigns
// (c2sp.org/tlog-cosignature, cosignature/v1).
using Accord.Core.Notes;

namespace Accord.Core.Transparency;

/// <summary>What a witness decides for one new checkpoint.</summary>
public static class Witnessing
{
    /// <summary>
    /// Verifies <paramref name="latestNote"/> against the log key and, if a previous checkpoint is
    /// known, that it is consistent with it; returns the latest note with the witness's cosignature added.
    /// </summary>
    public static SignedNote Cosign(
        NoteSigner witness,
        NoteVerifier logKey,
        string? previousNote,
        string latestNote,
        IReadOnlyList<byte[]> consistencyProof,
        DateTimeOffset now)
    {
        var checkpoint = previousNote is null
            ? OfflineVerifier.VerifyCheckpoint(latestNote, logKey)
            : OfflineVerifier.VerifyAppendOnly(previousNote, latestNote, consistencyProof, logKey);
        var note = SignedNote.Parse(latestNote);
        var cosignature = Cosignatures.Cosign(witness, checkpoint, now);
        return new SignedNote(note.Text, [.. note.Signatures.Where(s => s.KeyName != witness.Name || s.KeyId != witness.KeyId), cosignature]);
    }
}
