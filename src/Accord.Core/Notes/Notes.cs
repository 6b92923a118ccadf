// C2SP signed-note (c2sp.org/signed-note): signing and checking notes. The same operations are
// SignedNote.Sign and SignedNote.IsSignedBy; this class keeps the agreed entry point.
namespace Accord.Core.Notes;

/// <summary>
/// Signs notes and checks who signed them. Inside namespaces under <c>Accord.Core</c> the name
/// <c>Notes</c> binds to the namespace first: write <c>Notes.Notes.Sign</c>, use an alias, or call
/// <see cref="SignedNote.Sign"/> and <see cref="SignedNote.IsSignedBy"/> directly.
/// </summary>
public static class Notes
{
    /// <summary>Signs <paramref name="text"/> with each signer, in order.</summary>
    /// <exception cref="ArgumentException">No signer.</exception>
    /// <exception cref="NoteFormatException">The text is not a valid note text (or, for a cosigner, not a checkpoint).</exception>
    public static SignedNote Sign(string text, params NoteSigner[] signers) => SignedNote.Sign(text, signers);

    /// <summary>
    /// True when <paramref name="note"/> carries at least one signature by
    /// <paramref name="verifier"/> (same key name and key id) and every such signature verifies;
    /// signatures by other keys are ignored. See <see cref="SignedNote.IsSignedBy"/>.
    /// </summary>
    public static bool IsSignedBy(SignedNote note, NoteVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(note);
        return note.IsSignedBy(verifier);
    }
}
