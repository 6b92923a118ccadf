// C2SP signed-note (c2sp.org/signed-note), tlog-checkpoint, tlog-cosignature and tlog-proof:
// the one exception for text or values that do not follow those formats.
namespace Accord.Core.Notes;

/// <summary>
/// A signed note, verifier key, checkpoint, cosignature or tlog-proof does not follow its C2SP
/// format, whether it was being parsed or formatted. The message says which rule was broken and
/// where (line number or offset); it never repeats more than a short, printable piece of the input.
/// </summary>
public sealed class NoteFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NoteFormatException()
        : this("The text does not follow the C2SP note format.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public NoteFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NoteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
