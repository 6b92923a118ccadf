// C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint, "Note text"): origin line, tree size in
// ASCII decimal without leading zeroes, base64 (RFC 4648 section 4) of the RFC 6962 / RFC 9162
// Merkle root, then optional non-empty extension lines, each ending in a newline.
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Accord.Core.Notes;

/// <summary>
/// The text of a checkpoint note. <see cref="Body"/> and <see cref="Parse"/> are exact inverses.
/// Equality compares the bytes of the root hash and the extension lines in order.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>Size of an RFC 6962 SHA-256 root hash.</summary>
    public const int HashSize = 32;

    /// <summary>
    /// Longest origin in UTF-8 bytes. The spec sets no limit; filippo.io/torchwood ParseCheckpoint
    /// and the ML-DSA cosigned message (an opaque&lt;1..2^8-1&gt;) allow 255, so Accord does too.
    /// </summary>
    public const int MaxOriginBytes = 255;

    /// <summary>A checkpoint without extension lines.</summary>
    public Checkpoint(string origin, long size, byte[] rootHash)
        : this(origin, size, rootHash, [])
    {
    }

    /// <summary>
    /// The note text: origin, '\n', size in decimal, '\n', base64 of the 32-byte root, '\n', then
    /// each extension line followed by '\n'.
    /// </summary>
    /// <exception cref="NoteFormatException">A field breaks a rule of the format.</exception>
    public string Body()
    {
        if (Origin is null || Origin.Length == 0)
        {
            throw new NoteFormatException("Checkpoint: the origin is empty.");
        }

        if (Origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new NoteFormatException("Checkpoint: the origin contains a newline.");
        }

        if (Size < 0)
        {
            throw new NoteFormatException("Checkpoint: the tree size is negative.");
        }

        if (RootHash is null || RootHash.Length != HashSize)
        {
            throw new NoteFormatException($"Checkpoint: the root hash is {RootHash?.Length ?? 0} bytes, not {HashSize}.");
        }

        var builder = new StringBuilder(Origin.Length + 70);
        builder.Append(Origin).Append('\n')
            .Append(NoteSyntax.FormatDecimal(Size)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var extension in Extensions ?? [])
        {
            if (string.IsNullOrEmpty(extension))
            {
                throw new NoteFormatException("Checkpoint: an extension line is empty.");
            }

            if (extension.Contains('\n', StringComparison.Ordinal))
            {
                throw new NoteFormatException("Checkpoint: an extension line contains a newline.");
            }

            builder.Append(extension).Append('\n');
        }

        var body = builder.ToString();
        SignedNote.CheckText(body, "Checkpoint");
        CheckOriginLength(Origin);
        return body;
    }

    /// <summary>Parses a checkpoint note text (the text of the signed note, without signatures).</summary>
    /// <exception cref="NoteFormatException">
    /// Not a valid note text, no final newline, fewer than three lines, an empty or too long
    /// origin, a size that is not canonical decimal (sign, leading zero, non-digit, more than
    /// 2^63 - 1), a root that is not the canonical base64 of 32 bytes, or an empty extension line.
    /// </exception>
    public static Checkpoint Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        SignedNote.CheckText(body, "Checkpoint");
        var lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new NoteFormatException(
                $"Checkpoint: {lines.Length} line(s); a checkpoint has at least three (origin, tree size, root hash).");
        }

        var origin = lines[0];
        if (origin.Length == 0)
        {
            throw new NoteFormatException("Checkpoint: line 1 (origin) is empty.");
        }

        CheckOriginLength(origin);
        if (!NoteSyntax.TryParseDecimal(lines[1], out var size))
        {
            throw new NoteFormatException(
                "Checkpoint: line 2 (tree size) is not an ASCII decimal without sign or leading zeroes, at most 2^63 - 1.");
        }

        var root = NoteSyntax.DecodeBase64(lines[2]);
        if (root is null || root.Length != HashSize)
        {
            throw new NoteFormatException($"Checkpoint: line 3 (root hash) is not the canonical base64 of {HashSize} bytes.");
        }

        var extensions = lines[3..];
        for (var i = 0; i < extensions.Length; i++)
        {
            if (extensions[i].Length == 0)
            {
                throw new NoteFormatException($"Checkpoint: line {i + 4} (extension) is empty.");
            }
        }

        return new Checkpoint(origin, size, root, extensions);
    }

    /// <summary>Like <see cref="Parse"/>, but returns false instead of throwing.</summary>
    public static bool TryParse(string? body, [NotNullWhen(true)] out Checkpoint? checkpoint)
    {
        checkpoint = null;
        if (body is null)
        {
            return false;
        }

        try
        {
            checkpoint = Parse(body);
            return true;
        }
        catch (NoteFormatException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(Checkpoint? other) =>
        other is not null
        && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
        && Size == other.Size
        && (RootHash ?? []).AsSpan().SequenceEqual(other.RootHash ?? [])
        && (Extensions ?? []).SequenceEqual(other.Extensions ?? [], StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Origin, Size);

    private static void CheckOriginLength(string origin)
    {
        var originBytes = NoteSyntax.Utf8Length(origin);
        if (originBytes > MaxOriginBytes)
        {
            throw new NoteFormatException($"Checkpoint: the origin is {originBytes} bytes, more than the {MaxOriginBytes} allowed.");
        }
    }
}
