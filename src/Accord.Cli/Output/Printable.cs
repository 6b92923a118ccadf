using System.Globalization;
using System.Text;

namespace Accord.Cli.Output;

/// <summary>
/// What the CLI prints of text it did not write (names, titles, workload ids, reasons, error messages):
/// every control character shown as a visible escape (ESC as \u001B), so that no party's text can move
/// the viewer's cursor, change colours, ring a bell or forge a table line.
/// </summary>
public static class Printable
{
    /// <summary><paramref name="value"/> with each control character (newline included) written as \uXXXX.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Any(char.IsControl))
        {
            return value ?? string.Empty;
        }

        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary><see cref="Text"/>, escaped for Spectre markup.</summary>
    public static string Markup(string? value) => Spectre.Console.Markup.Escape(Text(value));
}
