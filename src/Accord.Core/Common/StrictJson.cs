// Strict reading of the JSON files Accord reads (RFC 8259, through System.Text.Json): a member the format does not
// define is an error naming the member, the file and its line, never silently ignored. The one copy of that rule:
// scenario files, negotiation domains and key files all read through it.
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Accord.Core.Common;

/// <summary>A JSON file has a member its format does not define.</summary>
public sealed class UnknownJsonFieldException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The member's name as written.</param>
    /// <param name="jsonPath">Where it is: "$.agreement.runCap".</param>
    /// <param name="line">Its line (1-based), when known.</param>
    /// <param name="file">The file, when known.</param>
    /// <param name="suggestion">A known member it may be a misspelling of.</param>
    /// <param name="inner">What found it.</param>
    public UnknownJsonFieldException(string field, string jsonPath, long? line, string? file, string? suggestion, Exception? inner = null)
        : base(Describe(field, jsonPath, line, file, suggestion), inner)
    {
        (Field, JsonPath, Line, File, Suggestion) = (field, jsonPath, line, file, suggestion);
    }

    /// <summary>The member's name as written.</summary>
    public string Field { get; }

    /// <summary>Where it is, as a JSON path.</summary>
    public string JsonPath { get; }

    /// <summary>Its line, 1-based, when known.</summary>
    public long? Line { get; }

    /// <summary>The file, when known.</summary>
    public string? File { get; }

    /// <summary>A known member the name may be a misspelling of.</summary>
    public string? Suggestion { get; }

    /// <summary>The same refusal, said of <paramref name="file"/>.</summary>
    public UnknownJsonFieldException InFile(string file) => new(Field, JsonPath, Line, file, Suggestion, this);

    /// <summary>The same refusal, at its line in <paramref name="utf8"/> (the bytes it was found in).</summary>
    public UnknownJsonFieldException AtLineIn(ReadOnlySpan<byte> utf8) => new(Field, JsonPath, StrictJson.LineOf(utf8, JsonPath), File, Suggestion, this);

    // "scenario.json:7: unknown field 'runCap' in $.agreement (did you mean 'runCapFlop'?)"; the object is named unless it is the root.
    private static string Describe(string field, string jsonPath, long? line, string? file, string? suggestion)
    {
        var where = (file, line) switch
        {
            (not null, not null) => $"{file}:{line}: ",
            (not null, null) => $"{file}: ",
            (null, not null) => $"line {line}: ",
            _ => "",
        };
        var parent = jsonPath.EndsWith(']') && jsonPath.LastIndexOf("['", StringComparison.Ordinal) is var quoted and > 0
            ? jsonPath[..quoted]
            : jsonPath.LastIndexOf('.') is var dot and > 0 ? jsonPath[..dot] : "$";
        var at = parent == "$" ? "" : $" in {parent}";
        var hint = suggestion is null ? "" : $" (did you mean '{suggestion}'?)";
        return $"{where}unknown field '{Printable(field)}'{at}{hint}";
    }

    private static string Printable(string name) =>
        name.Length <= 64 && name.All(c => c is >= ' ' and <= '~') ? name : "(unprintable)";
}

/// <summary>Strict JSON reading: unknown members are errors (see <see cref="UnknownJsonFieldException"/>).</summary>
public static class StrictJson
{
    /// <summary><paramref name="options"/>, refusing members no property maps (<see cref="JsonUnmappedMemberHandling.Disallow"/>).</summary>
    public static JsonSerializerOptions Disallowing(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return options;
    }

    /// <summary>
    /// Deserializes <paramref name="json"/> as <typeparamref name="T"/> with <paramref name="options"/> (made with
    /// <see cref="Disallowing"/>); a member no property maps becomes an <see cref="UnknownJsonFieldException"/> naming it,
    /// its line, <paramref name="file"/> and, where one is close, the member meant.
    /// </summary>
    /// <exception cref="UnknownJsonFieldException">A member the type does not define.</exception>
    /// <exception cref="JsonException">Any other problem, as System.Text.Json words it.</exception>
    public static T? Deserialize<T>(string json, JsonSerializerOptions options, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return JsonSerializer.Deserialize<T>(json, options);
        }
        catch (JsonException e) when (e.Path is { } path && UnmappedIn(e, path, options, typeof(T)) is { } unknown)
        {
            throw new UnknownJsonFieldException(unknown.Field, unknown.Path, e.LineNumber + 1, file, Suggest(unknown.Field, unknown.Known), e);
        }
    }

    /// <summary>
    /// Refuses any member of the object <paramref name="value"/> (at <paramref name="path"/>) not in
    /// <paramref name="known"/>; for readers that walk a <see cref="JsonDocument"/> (the line is added with
    /// <see cref="UnknownJsonFieldException.AtLineIn"/>).
    /// </summary>
    /// <exception cref="UnknownJsonFieldException">A member not in <paramref name="known"/>.</exception>
    public static void RequireKnownMembers(JsonElement value, string path, IReadOnlyCollection<string> known)
    {
        foreach (var member in value.EnumerateObject())
        {
            if (!known.Contains(member.Name, StringComparer.Ordinal))
            {
                throw new UnknownJsonFieldException(member.Name, Child(path, member.Name), null, null, Suggest(member.Name, known));
            }
        }
    }

    /// <summary>The known name <paramref name="field"/> most likely misspells (ignoring case, a prefix, or at most a third of its letters off); null when none is close.</summary>
    public static string? Suggest(string field, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var distance = field.Length >= 3 && (name.StartsWith(field, StringComparison.OrdinalIgnoreCase) || field.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                ? 0
                : Distance(field.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance && distance <= Math.Max(1, name.Length / 3))
            {
                (best, bestDistance) = (name, distance);
            }
        }

        return best;
    }

    /// <summary>The line (1-based) of the member at <paramref name="jsonPath"/> ("$.issues[1].nmae") in <paramref name="utf8"/>; null when not found.</summary>
    public static long? LineOf(ReadOnlySpan<byte> utf8, string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        var target = Segments(jsonPath);
        if (target is null)
        {
            return null;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var frames = new List<(bool Array, int Index, string? Name)>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    frames[^1] = frames[^1] with { Name = reader.GetString() };
                    if (Matches(frames, target))
                    {
                        return 1 + Lines(utf8[..(int)reader.TokenStartIndex]);
                    }

                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (frames.Count > 0 && frames[^1].Array)
                {
                    frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON (or a name not UTF-8) past some point: the line is unknown.
        }

        return null;
    }

    // The unmapped member a refusal is about: at the end of its path, or named in its words ("The JSON property 'x' could
    // not be mapped ...") when the path stops at the object.
    private static (string Field, string Path, IReadOnlyList<string> Known)? UnmappedIn(JsonException e, string path, JsonSerializerOptions options, Type root)
    {
        if (Unmapped(options, root, path) is { } atPath)
        {
            return (atPath.Field, path, atPath.Known);
        }

        var start = e.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : e.Message.IndexOf('\'', start + 1);
        if (end <= start + 1 || !e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return null;
        }

        var child = Child(path, e.Message[(start + 1)..end]);
        return Unmapped(options, root, child) is { } named ? (named.Field, child, named.Known) : null;
    }

    private static string Child(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static long Lines(ReadOnlySpan<byte> text) => text.Count((byte)'\n');

    private static bool Matches(List<(bool Array, int Index, string? Name)> frames, List<object> target)
    {
        if (frames.Count != target.Count)
        {
            return false;
        }

        for (var i = 0; i < frames.Count; i++)
        {
            var matches = frames[i].Array ? target[i] is int index && index == frames[i].Index : target[i] is string name && name == frames[i].Name;
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    // "$.a.b[2]['c d']" as ["a", "b", 2, "c d"]; null when not a path of that form.
    private static List<object>? Segments(string path)
    {
        if (!path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not '.' and not '[')
                {
                    end++;
                }

                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var name = new StringBuilder();
                var j = i + 2;
                while (j < path.Length && !(path[j] == '\'' && j + 1 < path.Length && path[j + 1] == ']'))
                {
                    if (path[j] == '\\' && j + 1 < path.Length)
                    {
                        j++;
                    }

                    name.Append(path[j++]);
                }

                segments.Add(name.ToString());
                i = j + 2;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), out var index))
                {
                    return null;
                }

                segments.Add(index);
                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }

    // The member at the end of `path` when no property of its object maps it, with the names that would have.
    private static (string Field, IReadOnlyList<string> Known)? Unmapped(JsonSerializerOptions options, Type root, string path)
    {
        var segments = Segments(path);
        if (segments is not { Count: > 0 } || segments[^1] is not string field)
        {
            return null;
        }

        var type = root;
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            type = segment switch
            {
                int when info.ElementType is { } element => element,
                string name when info.Kind == JsonTypeInfoKind.Object && Property(info, name, options) is { } property => property.PropertyType,
                string when info.Kind == JsonTypeInfoKind.Dictionary && info.ElementType is { } value => value,
                _ => null!,
            };
            if (type is null)
            {
                return null;
            }
        }

        var parent = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        if (parent.Kind != JsonTypeInfoKind.Object || Property(parent, field, options) is not null)
        {
            return null;
        }

        return (field, parent.Properties.Select(p => p.Name).ToList());
    }

    private static JsonPropertyInfo? Property(JsonTypeInfo info, string name, JsonSerializerOptions options) =>
        info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    // Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
