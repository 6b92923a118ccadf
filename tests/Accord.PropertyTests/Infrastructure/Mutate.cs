using System.Text;
using CsCheck;

namespace Accord.PropertyTests.Infrastructure;

/// <summary>
/// Generators of mutations of valid inputs: one to four edits (bit flip, byte set to a random or
/// boundary value, truncation, insertion, deletion, duplication of a range, swap), or, for text,
/// line edits (drop, duplicate, swap, insert, replace a character). Driven by generated numbers,
/// so a seed reproduces the exact mutation.
/// </summary>
internal static class Mutate
{
    private static readonly byte[] Boundaries = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x20, 0x30];

    /// <summary>Mutated copies of <paramref name="valid"/> (occasionally an unchanged copy).</summary>
    public static Gen<byte[]> Bytes(byte[] valid) =>
        Gen.Select(Gen.Int[1, 4], Gen.UInt.Array[16], Gen.Byte.Array[1, 24], (count, r, extra) => Apply(valid, count, r, extra));

    /// <summary>Mutated copies of <paramref name="valid"/>'s UTF-8, decoded leniently, or line edits.</summary>
    public static Gen<string> Text(string valid)
    {
        var utf8 = Encoding.UTF8.GetBytes(valid);
        return Gen.Frequency(
            (3, Bytes(utf8).Select(b => Encoding.UTF8.GetString(b))),
            (2, Gen.Select(Gen.Int[1, 3], Gen.UInt.Array[12], Gen.String[Gen.Char[TextChars], 0, 40], (count, r, line) => Lines(valid, count, r, line))));
    }

    /// <summary>
    /// JSON with one to three values replaced: after a random <c>":"</c> or <c>"["</c>, the value up to
    /// the next comma or closing bracket becomes null, an empty array or object, a negative, huge or
    /// fractional number, a string, or a boolean.
    /// </summary>
    public static Gen<string> Json(string valid) =>
        Gen.Select(Gen.Int[1, 3], Gen.UInt.Array[8], (count, r) =>
        {
            var text = valid;
            for (var i = 0; i < count; i++)
            {
                var starts = Enumerable.Range(0, text.Length).Where(k => text[k] is ':' or '[').ToArray();
                if (starts.Length == 0)
                {
                    break;
                }

                var start = starts[r[(2 * i) % r.Length] % (uint)starts.Length] + 1;
                var end = start;
                var depth = 0;
                while (end < text.Length && (depth > 0 || text[end] is not (',' or '}' or ']')))
                {
                    depth += text[end] is '{' or '[' ? 1 : text[end] is '}' or ']' ? -1 : 0;
                    end++;
                }

                text = text[..start] + " " + JsonValues[r[((2 * i) + 1) % r.Length] % (uint)JsonValues.Length] + text[end..];
            }

            return text;
        });

    private static readonly string[] JsonValues = ["null", "[]", "{}", "[null]", "-1", "0", "1e400", "-1e400", "0.5", "2147483648", "\"x\"", "true", "[{}]"];

    /// <summary>Characters that matter to the line formats (notes, checkpoints, proofs) and a few that do not belong.</summary>
    public const string TextChars = "abcxyz0129+/=\n\n \u2014-.:\t\r\u0000\u00e9\ud83d\ude00";

    /// <summary>Random bytes, 0 to <paramref name="max"/> long.</summary>
    public static Gen<byte[]> RandomBytes(int max) => Gen.Byte.Array[0, max];

    private static byte[] Apply(byte[] valid, int count, uint[] r, byte[] extra)
    {
        var b = new List<byte>(valid);
        var k = 0;
        uint Next() => r[k++ % r.Length];
        for (var i = 0; i < count; i++)
        {
            var op = Next() % 8;
            if (b.Count == 0)
            {
                op = 3;
            }

            var pos = b.Count == 0 ? 0 : (int)(Next() % (uint)b.Count);
            switch (op)
            {
                case 0:
                    b[pos] ^= (byte)(1 << (int)(Next() % 8));
                    break;
                case 1:
                    b[pos] = (byte)Next();
                    break;
                case 2:
                    b.RemoveRange(pos, b.Count - pos);
                    break;
                case 3:
                    b.InsertRange(b.Count == 0 ? 0 : (int)(Next() % (uint)(b.Count + 1)), extra);
                    break;
                case 4:
                    b.RemoveRange(pos, 1 + (int)(Next() % (uint)Math.Min(16, b.Count - pos)));
                    break;
                case 5:
                    var length = 1 + (int)(Next() % (uint)Math.Min(32, b.Count - pos));
                    var slice = b.GetRange(pos, length);
                    b.InsertRange((int)(Next() % (uint)(b.Count + 1)), slice);
                    break;
                case 6:
                    var other = (int)(Next() % (uint)b.Count);
                    (b[pos], b[other]) = (b[other], b[pos]);
                    break;
                default:
                    b[pos] = Boundaries[Next() % (uint)Boundaries.Length];
                    break;
            }
        }

        return [.. b];
    }

    private static string Lines(string valid, int count, uint[] r, string line)
    {
        var lines = valid.Split('\n').ToList();
        var k = 0;
        uint Next() => r[k++ % r.Length];
        for (var i = 0; i < count; i++)
        {
            var pos = (int)(Next() % (uint)lines.Count);
            switch (Next() % 6)
            {
                case 0:
                    if (lines.Count > 1)
                    {
                        lines.RemoveAt(pos);
                    }

                    break;
                case 1:
                    lines.Insert(pos, lines[pos]);
                    break;
                case 2:
                    var other = (int)(Next() % (uint)lines.Count);
                    (lines[pos], lines[other]) = (lines[other], lines[pos]);
                    break;
                case 3:
                    lines.Insert(pos, line);
                    break;
                case 4:
                    lines[pos] = lines[pos] + line;
                    break;
                default:
                    var text = lines[pos];
                    if (text.Length > 0)
                    {
                        var at = (int)(Next() % (uint)text.Length);
                        lines[pos] = text[..at] + (line.Length > 0 ? line[0] : 'A') + text[(at + 1)..];
                    }

                    break;
            }
        }

        return string.Join('\n', lines);
    }
}
