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

    /// <summary>Shortens a value quoted back in a message so that a hostile input cannot bloat it.</summary>
    public static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
