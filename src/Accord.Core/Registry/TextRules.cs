namespace Accord.Core.Registry;

/// <summary>
/// Shared checks for the short texts the registry stores (titles, names, conditions).
/// </summary>
public static class TextRules
{
    /// <summary>The longest title or display name, in UTF-16 code units.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>
    /// Whether <paramref name="value"/> is a one-line text of 1 to <paramref name="maxLength"/>
    /// characters (UTF-16 code units) that is not blank and holds no control characters.
    /// </summary>
    public static bool IsValidLine(string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength && !value.Any(char.IsControl);

    /// <summary>
    /// Adds a violation on <paramref name="field"/> unless <paramref name="value"/> is a valid line
    /// of at most <paramref name="maxLength"/> characters.
    /// </summary>
    public static void CheckLine(List<FieldViolation> violations, string field, string? value, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new(field, $"{what} is required"));
        }
        else if (value.Length > maxLength)
        {
            violations.Add(new(field, $"{what} must be at most {maxLength} characters (got {value.Length})"));
        }
        else if (value.Any(char.IsControl))
        {
            violations.Add(new(field, $"{what} must be one line without control characters"));
        }
    }

    /// <summary>Adds a violation on <paramref name="field"/> unless <paramref name="value"/> is a valid slug.</summary>
    public static void CheckSlug(List<FieldViolation> violations, string field, string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            violations.Add(new(field, $"{what} is required"));
        }
        else if (!Identifiers.IsValidSlug(value))
        {
            violations.Add(new(field, $"{what} '{Truncate(value)}' must be 1 to {Identifiers.MaxSlugLength} characters of [a-z0-9._-], starting with a letter or digit"));
        }
    }

    /// <summary>
    /// Null when <paramref name="value"/> holds no control character (C0, DEL, C1: ESC, BEL, NUL, CR, ...),
    /// or newline only where <paramref name="allowNewlines"/>; otherwise which character and where, e.g.
    /// "contains the control character U+001B at position 4". Text is data: a lab's workload id must not
    /// move a viewer's cursor or forge a table line.
    /// </summary>
    public static string? ControlCharacter(string? value, bool allowNewlines = false)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]) && !(allowNewlines && value[i] == '\n'))
            {
                return $"contains the control character U+{(int)value[i]:X4} at position {i}";
            }
        }

        return null;
    }

    /// <summary>Shortens a value quoted back in a message so that a hostile input cannot bloat it.</summary>
    public static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
