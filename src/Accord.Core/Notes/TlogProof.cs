// C2SP tlog-proof (c2sp.org/tlog-proof, "Format"): the line "c2sp.org/tlog-proof@v1", an
// optional line "extra <base64>", the line "index <decimal>", zero or more base64 RFC 6962
// section 2.1.1 inclusion-proof hashes one per line, an empty line, then the signed
// c2sp.org/tlog-checkpoint note verbatim. Base64 is RFC 4648 section 4.
using System.Text;
using CheckpointText = Accord.Core.Notes.Checkpoint;

namespace Accord.Core.Notes;

/// <summary>
/// A tlog-proof: the entry index, the inclusion proof (leaf's sibling first, up to the root's
/// child), the signed checkpoint (log signature and any cosignatures) and the optional extra
/// data. <see cref="Extra"/> holds the base64 text of the <c>extra</c> line: empty when the line
/// is absent, else exactly one element (the spec allows one such line). <see cref="Format"/> and
/// <see cref="Parse"/> are exact inverses. Equality compares the bytes.
/// </summary>
public sealed record TlogProof(long Index, IReadOnlyList<byte[]> InclusionHashes, SignedNote Checkpoint, IReadOnlyList<string> Extra)
{
    /// <summary>The first line.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    /// <summary>
    /// Most inclusion hashes: a tree of at most 2^63 - 1 leaves is at most 63 levels deep.
    /// </summary>
    public const int MaxInclusionHashes = 63;

    /// <summary>A proof larger than this many UTF-8 bytes is refused (the checkpoint note alone may be 1 MiB).</summary>
    public const int MaxProofBytes = 2 * SignedNote.MaxNoteBytes;

    private const string ExtraPrefix = "extra ";
    private const string IndexPrefix = "index ";

    /// <summary>A proof without extra data.</summary>
    public TlogProof(long index, IReadOnlyList<byte[]> inclusionHashes, SignedNote checkpoint)
        : this(index, inclusionHashes, checkpoint, [])
    {
    }

    /// <summary>A proof with extra data (the <c>extra</c> line holds its base64).</summary>
    public static TlogProof WithExtraData(long index, IReadOnlyList<byte[]> inclusionHashes, SignedNote checkpoint, byte[] extraData)
    {
        ArgumentNullException.ThrowIfNull(extraData);
        return new TlogProof(index, inclusionHashes, checkpoint, [Convert.ToBase64String(extraData)]);
    }

    /// <summary>The decoded extra data, or null when there is no <c>extra</c> line. Not authenticated: never trust it implicitly.</summary>
    /// <exception cref="NoteFormatException"><see cref="Extra"/> has more than one element or is not canonical base64.</exception>
    public byte[]? ExtraData() => DecodeExtra(Extra);

    /// <summary>The checkpoint note's text, parsed (<see cref="CheckpointText.Parse"/>).</summary>
    /// <exception cref="NoteFormatException">The note's text is not a checkpoint.</exception>
    public CheckpointText CheckpointBody()
    {
        if (Checkpoint is null)
        {
            throw new NoteFormatException("Tlog proof: the checkpoint is missing (null).");
        }

        return CheckpointText.Parse(Checkpoint.Text);
    }

    /// <summary>The proof text, ending with the checkpoint note's last signature line.</summary>
    /// <exception cref="NoteFormatException">A field breaks a rule of the format.</exception>
    public string Format()
    {
        if (Index < 0)
        {
            throw new NoteFormatException("Tlog proof: the index is negative.");
        }

        var extraData = DecodeExtra(Extra);
        var hashes = InclusionHashes ?? [];
        if (hashes.Count > MaxInclusionHashes)
        {
            throw new NoteFormatException($"Tlog proof: {hashes.Count} inclusion hashes, more than the {MaxInclusionHashes} allowed.");
        }

        var builder = new StringBuilder(256 + (hashes.Count * 45));
        builder.Append(Header).Append('\n');
        if (extraData is not null)
        {
            builder.Append(ExtraPrefix).Append(Extra[0]).Append('\n');
        }

        builder.Append(IndexPrefix).Append(NoteSyntax.FormatDecimal(Index)).Append('\n');
        for (var i = 0; i < hashes.Count; i++)
        {
            if (hashes[i] is not { Length: CheckpointText.HashSize } hash)
            {
                throw new NoteFormatException($"Tlog proof: inclusion hash {i + 1} is not {CheckpointText.HashSize} bytes.");
            }

            builder.Append(Convert.ToBase64String(hash)).Append('\n');
        }

        CheckpointBody();
        builder.Append('\n').Append(Checkpoint.Format());
        var proof = builder.ToString();
        var size = NoteSyntax.Utf8Length(proof);
        if (size > MaxProofBytes)
        {
            throw new NoteFormatException($"Tlog proof: {size} bytes, more than the {MaxProofBytes} allowed.");
        }

        return proof;
    }

    /// <summary>
    /// Parses a tlog-proof. The checkpoint must be a signed note whose text is a checkpoint;
    /// its signatures are not verified here.
    /// </summary>
    /// <exception cref="NoteFormatException">
    /// Too large, a wrong first line, a malformed extra or index line, a hash line that is not
    /// the canonical base64 of 32 bytes, more than 63 hashes, no empty line before the
    /// checkpoint, or a checkpoint that is not a valid signed checkpoint note.
    /// </exception>
    public static TlogProof Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxProofBytes)
        {
            throw new NoteFormatException($"Tlog proof: more than the {MaxProofBytes} bytes allowed.");
        }

        var position = 0;
        var lineNumber = 0;
        string? NextLine()
        {
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                return null;
            }

            var line = text[position..end];
            position = end + 1;
            lineNumber++;
            return line;
        }

        if (NextLine() != Header)
        {
            throw new NoteFormatException($"Tlog proof: line 1 is not \"{Header}\".");
        }

        var line = NextLine();
        string[] extra = [];
        if (line is not null && line.StartsWith(ExtraPrefix, StringComparison.Ordinal))
        {
            var base64 = line[ExtraPrefix.Length..];
            if (NoteSyntax.DecodeBase64(base64) is null)
            {
                throw new NoteFormatException(
                    $"Tlog proof: line {lineNumber} (extra) is not canonical standard base64 (RFC 4648 section 4, padded).");
            }

            extra = [base64];
            line = NextLine();
        }

        if (line is null || !line.StartsWith(IndexPrefix, StringComparison.Ordinal))
        {
            throw new NoteFormatException($"Tlog proof: line {lineNumber + (line is null ? 1 : 0)} is not \"index <decimal>\".");
        }

        if (!NoteSyntax.TryParseDecimal(line.AsSpan(IndexPrefix.Length), out var index))
        {
            throw new NoteFormatException(
                $"Tlog proof: line {lineNumber} (index) is not an ASCII decimal without sign or leading zeroes, at most 2^63 - 1.");
        }

        var hashes = new List<byte[]>();
        while (true)
        {
            line = NextLine() ?? throw new NoteFormatException(
                "Tlog proof: no empty line between the inclusion proof and the checkpoint.");
            if (line.Length == 0)
            {
                break;
            }

            if (hashes.Count == MaxInclusionHashes)
            {
                throw new NoteFormatException($"Tlog proof: more than {MaxInclusionHashes} inclusion hashes.");
            }

            var hash = NoteSyntax.DecodeBase64(line);
            if (hash is not { Length: CheckpointText.HashSize })
            {
                throw new NoteFormatException(
                    $"Tlog proof: line {lineNumber} (inclusion hash) is not the canonical base64 of {CheckpointText.HashSize} bytes.");
            }

            hashes.Add(hash);
        }

        SignedNote note;
        try
        {
            note = SignedNote.Parse(text[position..]);
            CheckpointText.Parse(note.Text);
        }
        catch (NoteFormatException e)
        {
            throw new NoteFormatException($"Tlog proof: the checkpoint from line {lineNumber + 1}: {e.Message}", e);
        }

        return new TlogProof(index, hashes, note, extra);
    }

    /// <inheritdoc/>
    public bool Equals(TlogProof? other) =>
        other is not null
        && Index == other.Index
        && (InclusionHashes ?? []).SequenceEqual(other.InclusionHashes ?? [], ByteArrayComparer.Instance)
        && Equals(Checkpoint, other.Checkpoint)
        && (Extra ?? []).SequenceEqual(other.Extra ?? [], StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Index, InclusionHashes?.Count ?? 0, Checkpoint);

    private static byte[]? DecodeExtra(IReadOnlyList<string>? extra)
    {
        if (extra is null || extra.Count == 0)
        {
            return null;
        }

        if (extra.Count > 1)
        {
            throw new NoteFormatException($"Tlog proof: {extra.Count} extra lines; the format has at most one.");
        }

        return (extra[0] is null ? null : NoteSyntax.DecodeBase64(extra[0]))
            ?? throw new NoteFormatException("Tlog proof: the extra data is not canonical standard base64 (RFC 4648 section 4, padded).");
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => (x ?? []).AsSpan().SequenceEqual(y ?? []);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
