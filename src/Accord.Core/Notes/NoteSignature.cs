// C2SP signed-note (c2sp.org/signed-note, "Signatures"): one signature line,
// "— <key name> base64(32-bit key ID || signature)" with the key id big-endian.
using System.Buffers.Binary;

namespace Accord.Core.Notes;

/// <summary>
/// One note signature: the key name, the 32-bit key id (the first four bytes of the decoded
/// signature, big-endian) and the remaining signature bytes (64 for Ed25519, 8 + 64 for
/// cosignature/v1). Equality compares the bytes.
/// </summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    /// <summary>The em dash and space that open a signature line (UTF-8 E2 80 94 20).</summary>
    public const string LinePrefix = "\u2014 ";

    /// <summary>
    /// The signature line with its newline: "— " + name + " " + base64(key id || signature) + "\n".
    /// </summary>
    /// <exception cref="NoteFormatException">The name is not a valid key name or the signature is empty.</exception>
    public string FormatLine()
    {
        var problem = KeyName is null ? "is missing (null)" : NoteSyntax.KeyNameProblem(KeyName);
        if (problem is not null)
        {
            throw new NoteFormatException($"Note signature: the key name {problem}.");
        }

        if (Signature is null || Signature.Length == 0)
        {
            throw new NoteFormatException("Note signature: the signature bytes are empty.");
        }

        var raw = new byte[4 + Signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(raw, KeyId);
        Signature.CopyTo(raw, 4);
        return $"{LinePrefix}{KeyName} {Convert.ToBase64String(raw)}\n";
    }

    /// <summary>
    /// Parses one signature line, with or without its final newline (the form witnesses return
    /// in c2sp.org/tlog-witness responses).
    /// </summary>
    /// <exception cref="NoteFormatException">The line is not a signature line.</exception>
    public static NoteSignature ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var body = line.EndsWith('\n') ? line[..^1] : line;
        var problem = body.Contains('\n', StringComparison.Ordinal) ? "holds more than one line" : NoteSyntax.TextProblem(body);
        if (problem is not null)
        {
            throw new NoteFormatException($"Note signature line: {problem}.");
        }

        return ParseLine(body, 1);
    }

    /// <summary>Parses a signature line without its newline; <paramref name="lineNumber"/> is for messages.</summary>
    internal static NoteSignature ParseLine(string line, int lineNumber)
    {
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
        {
            throw new NoteFormatException(
                $"Signed note: line {lineNumber} is not a signature line (it must start with an em dash U+2014 and a space).");
        }

        // As golang.org/x/mod/sumdb/note: the name runs to the first space, the rest is base64.
        var rest = line[LinePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? rest : rest[..space];
        var base64 = space < 0 ? string.Empty : rest[(space + 1)..];
        if (NoteSyntax.KeyNameProblem(name) is { } problem)
        {
            throw new NoteFormatException($"Signed note: line {lineNumber}: the key name {problem}.");
        }

        if (base64.Length == 0)
        {
            throw new NoteFormatException($"Signed note: line {lineNumber}: no signature after the key name.");
        }

        var raw = NoteSyntax.DecodeBase64(base64)
            ?? throw new NoteFormatException(
                $"Signed note: line {lineNumber}: the signature is not canonical standard base64 (RFC 4648 section 4, padded).");
        if (raw.Length < 5)
        {
            throw new NoteFormatException(
                $"Signed note: line {lineNumber}: the signature decodes to {raw.Length} bytes; it needs a 4-byte key id and at least one signature byte.");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(raw), raw[4..]);
    }

    /// <inheritdoc/>
    public bool Equals(NoteSignature? other) =>
        other is not null
        && string.Equals(KeyName, other.KeyName, StringComparison.Ordinal)
        && KeyId == other.KeyId
        && (Signature ?? []).AsSpan().SequenceEqual(other.Signature ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(KeyName, KeyId);
}
