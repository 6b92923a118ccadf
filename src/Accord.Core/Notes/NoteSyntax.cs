// Shared syntax rules of C2SP signed-note (c2sp.org/signed-note): key names, key ids
// (SHA-256, FIPS 180-4), note text characters, canonical base64 (RFC 4648 section 4) and the
// canonical ASCII decimals of tlog-checkpoint and tlog-proof.
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Accord.Core.Notes;

/// <summary>Syntax checks shared by the note, checkpoint, cosignature and proof code.</summary>
internal static class NoteSyntax
{
    /// <summary>UTF-8 without a byte order mark that throws on invalid input (never substitutes U+FFFD).</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The rule of golang.org/x/mod/sumdb/note isValidName: non-empty, no Unicode space
    /// (char.IsWhiteSpace is the same set as Go's unicode.IsSpace) and no '+'. Also refused,
    /// because a note can never carry them: control characters below U+0020 and unpaired
    /// surrogates (not encodable as UTF-8).
    /// </summary>
    internal static bool IsValidKeyName(string? name) =>
        !string.IsNullOrEmpty(name) && KeyNameProblem(name) is null;

    /// <summary>Null when <paramref name="name"/> is a valid key name, else what is wrong with it.</summary>
    internal static string? KeyNameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '+')
            {
                return "contains '+'";
            }

            if (char.IsWhiteSpace(c))
            {
                return $"contains a Unicode space (U+{(int)c:X4})";
            }

            if (c < 0x20)
            {
                return $"contains the control character U+{(int)c:X4}";
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
                {
                    i++;
                    continue;
                }

                return "is not valid UTF-8 (an unpaired surrogate)";
            }
        }

        return null;
    }

    /// <summary>
    /// Null when every character may appear in a signed note (valid UTF-8, no control character
    /// below U+0020 other than newline), else the problem and its 1-based line number.
    /// </summary>
    internal static string? TextProblem(string text)
    {
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                continue;
            }

            if (c < 0x20)
            {
                return $"line {line} contains the control character U+{(int)c:X4} (only newline is allowed)";
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return $"line {line} is not valid UTF-8 (an unpaired surrogate)";
            }
        }

        return null;
    }

    /// <summary>
    /// SHA-256(key name || 0x0A || signature type || public key)[:4] read as a big-endian uint32
    /// (c2sp.org/signed-note, "Signatures"; c2sp.org/tlog-cosignature, "Format").
    /// </summary>
    internal static uint KeyId(string name, NoteKeyType type, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = StrictUtf8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = 0x0A;
        input[nameBytes.Length + 1] = (byte)type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>
    /// Decodes standard padded base64 (RFC 4648 section 4) only in its canonical form: the
    /// alphabet and '=' only, no whitespace, zero pad bits. Returns null otherwise. (Go's
    /// base64.StdEncoding also accepts non-zero pad bits; refusing them is what makes
    /// Format(Parse(x)) == x hold.)
    /// </summary>
    internal static byte[]? DecodeBase64(string text)
    {
        if (text.Length % 4 != 0)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/' or '='))
            {
                return null;
            }
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }

        return string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal) ? bytes : null;
    }

    /// <summary>
    /// Parses a non-negative ASCII decimal with no sign and no leading zeroes (except "0") that
    /// fits in a long (at most 2^63 - 1).
    /// </summary>
    internal static bool TryParseDecimal(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 19 || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The decimal form that <see cref="TryParseDecimal"/> accepts.</summary>
    internal static string FormatDecimal(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>UTF-8 length of a string already known to hold no unpaired surrogate.</summary>
    internal static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);
}
