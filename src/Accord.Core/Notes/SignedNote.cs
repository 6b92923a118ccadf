// C2SP signed-note (c2sp.org/signed-note, "Format" and "Signatures"), byte for byte as
// golang.org/x/mod/sumdb/note Open and Sign: text ending in a newline, a blank line, then one
// or more lines "— <key name> base64(key ID || signature)". UTF-8 (RFC 3629), base64 RFC 4648
// section 4.
using System.Text;

namespace Accord.Core.Notes;

/// <summary>
/// A signed note: the text (which ends with its final newline, not the blank separator line)
/// and its signatures in order, verified or not. <see cref="Parse(string)"/> and
/// <see cref="Format"/> are exact inverses. Equality compares the text and the signatures.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>A note larger than this many UTF-8 bytes is refused (a defensive cap; the spec sets none).</summary>
    public const int MaxNoteBytes = 1 << 20;

    /// <summary>
    /// The most signature lines a note may carry: golang.org/x/mod/sumdb/note's limit (the spec
    /// requires accepting at least 16).
    /// </summary>
    public const int MaxSignatures = 100;

    /// <summary>Parses a signed note received as bytes: strict UTF-8, then <see cref="Parse(string)"/>.</summary>
    /// <exception cref="NoteFormatException">The note is too large, not UTF-8, or malformed.</exception>
    public static SignedNote Parse(ReadOnlySpan<byte> note)
    {
        if (note.Length > MaxNoteBytes)
        {
            throw new NoteFormatException($"Signed note: {note.Length} bytes, more than the {MaxNoteBytes} allowed.");
        }

        string text;
        try
        {
            text = NoteSyntax.StrictUtf8.GetString(note);
        }
        catch (DecoderFallbackException)
        {
            throw new NoteFormatException("Signed note: not valid UTF-8.");
        }

        return Parse(text);
    }

    /// <summary>
    /// Parses a signed note. The text is everything up to and including the newline before
    /// the last blank line; every line after that blank line must be a signature line.
    /// Signatures are kept in order, duplicates included, so that <see cref="Format"/> gives the
    /// input back.
    /// </summary>
    /// <exception cref="NoteFormatException">
    /// More than 1 MiB, a control character other than newline, an unpaired surrogate, no blank
    /// line, no signature, no final newline, more than 100 signatures, or a malformed signature line.
    /// </exception>
    public static SignedNote Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        CheckCharactersAndSize(note, "Signed note");

        // golang.org/x/mod/sumdb/note Open: split at the last "\n\n".
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new NoteFormatException("Signed note: no blank line between the text and the signatures.");
        }

        var text = note[..(split + 1)];
        var block = note[(split + 2)..];
        if (block.Length == 0)
        {
            throw new NoteFormatException("Signed note: no signature line after the blank line.");
        }

        if (!block.EndsWith('\n'))
        {
            throw new NoteFormatException("Signed note: the last signature line does not end with a newline.");
        }

        var firstSignatureLine = CountLines(text) + 2;
        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            throw new NoteFormatException($"Signed note: {lines.Length} signature lines, more than the {MaxSignatures} allowed.");
        }

        var signatures = new NoteSignature[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            signatures[i] = NoteSignature.ParseLine(lines[i], firstSignatureLine + i);
        }

        return new SignedNote(text, signatures);
    }

    /// <summary>
    /// The note: the text, a newline, then each signature line in order. Checks what
    /// <see cref="Parse(string)"/> checks, so the result always parses back to an equal note.
    /// </summary>
    /// <exception cref="NoteFormatException">The text or a signature breaks a rule of the format.</exception>
    public string Format()
    {
        CheckText(Text, "Signed note");
        if (Signatures is null || Signatures.Count == 0)
        {
            throw new NoteFormatException("Signed note: a note has at least one signature.");
        }

        if (Signatures.Count > MaxSignatures)
        {
            throw new NoteFormatException($"Signed note: {Signatures.Count} signatures, more than the {MaxSignatures} allowed.");
        }

        var builder = new StringBuilder(Text.Length + 1 + (Signatures.Count * 128));
        builder.Append(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            if (signature is null)
            {
                throw new NoteFormatException("Signed note: a signature is missing (null).");
            }

            builder.Append(signature.FormatLine());
        }

        var note = builder.ToString();
        var size = NoteSyntax.Utf8Length(note);
        if (size > MaxNoteBytes)
        {
            throw new NoteFormatException($"Signed note: {size} bytes, more than the {MaxNoteBytes} allowed.");
        }

        return note;
    }

    /// <summary>The UTF-8 bytes of <see cref="Format"/>.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Format());

    /// <summary>Signs <paramref name="text"/> with each signer, in order.</summary>
    /// <exception cref="ArgumentException">No signer.</exception>
    /// <exception cref="NoteFormatException">The text is not a valid note text (or, for a cosigner, not a checkpoint).</exception>
    public static SignedNote Sign(string text, params NoteSigner[] signers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Length == 0)
        {
            throw new ArgumentException("Sign a note with at least one signer.", nameof(signers));
        }

        if (signers.Length > MaxSignatures)
        {
            throw new ArgumentException($"A note carries at most {MaxSignatures} signatures.", nameof(signers));
        }

        var signatures = new NoteSignature[signers.Length];
        for (var i = 0; i < signers.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(signers[i], nameof(signers));
            signatures[i] = signers[i].Sign(text);
        }

        return new SignedNote(text, signatures);
    }

    /// <summary>
    /// True when the note carries at least one signature whose key name and key id both match
    /// <paramref name="verifier"/> and every such signature verifies. Signatures by other keys
    /// are ignored (c2sp.org/signed-note: verifiers MUST ignore unknown keys). A matching
    /// signature that fails makes the whole answer false: the spec says clients SHOULD reject
    /// the whole note, and golang.org/x/mod/sumdb/note Open returns InvalidSignatureError.
    /// A note whose text is not a valid note text is never signed by anyone.
    /// </summary>
    public bool IsSignedBy(NoteVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (Text is null || Signatures is null || !Text.EndsWith('\n') || NoteSyntax.TextProblem(Text) is not null)
        {
            return false;
        }

        var matched = false;
        foreach (var signature in Signatures)
        {
            if (signature is null
                || signature.KeyId != verifier.KeyId
                || !string.Equals(signature.KeyName, verifier.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (!verifier.Verify(Text, signature))
            {
                return false;
            }

            matched = true;
        }

        return matched;
    }

    /// <inheritdoc/>
    public bool Equals(SignedNote? other) =>
        other is not null
        && string.Equals(Text, other.Text, StringComparison.Ordinal)
        && (Signatures ?? []).SequenceEqual(other.Signatures ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Text, Signatures?.Count ?? 0);

    /// <summary>
    /// Checks that <paramref name="text"/> is a note text: ends with a newline, valid UTF-8, no
    /// control character but newline, at most <see cref="MaxNoteBytes"/>.
    /// </summary>
    internal static void CheckText(string? text, string what)
    {
        if (text is null)
        {
            throw new NoteFormatException($"{what}: the text is missing (null).");
        }

        if (!text.EndsWith('\n'))
        {
            throw new NoteFormatException($"{what}: the text must end with a newline (U+000A).");
        }

        CheckCharactersAndSize(text, what);
    }

    private static void CheckCharactersAndSize(string text, string what)
    {
        // Every UTF-16 code unit takes at least one UTF-8 byte, so a longer string is too large.
        if (text.Length > MaxNoteBytes)
        {
            throw new NoteFormatException($"{what}: more than the {MaxNoteBytes} bytes allowed.");
        }

        if (NoteSyntax.TextProblem(text) is { } problem)
        {
            throw new NoteFormatException($"{what}: {problem}.");
        }

        var size = NoteSyntax.Utf8Length(text);
        if (size > MaxNoteBytes)
        {
            throw new NoteFormatException($"{what}: {size} bytes, more than the {MaxNoteBytes} allowed.");
        }
    }

    private static int CountLines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
