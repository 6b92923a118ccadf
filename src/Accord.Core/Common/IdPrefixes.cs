// Ids as people type them (docs/api.md, "CLI"): tables show the first 12 characters of a 32-character id, so any
// unique prefix stands for the whole id.
namespace Accord.Core.Common;

/// <summary>Resolves what a person typed to one of the ids that exist.</summary>
public static class IdPrefixes
{
    /// <summary>How many of the ids a prefix matches an ambiguity names.</summary>
    public const int MatchesShown = 10;

    /// <summary>
    /// The id <paramref name="typed"/> stands for among <paramref name="ids"/>: itself when it is one, else the one id it
    /// is a prefix of. Refused (<c>NOT_FOUND</c>) when no id starts with it, (<c>INVALID_ARGUMENT</c>, naming the
    /// matches) when several do. <paramref name="what"/> names the kind ("commitment").
    /// </summary>
    public static Checked<string> Resolve(string typed, IEnumerable<string> ids, string what)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (string.IsNullOrEmpty(typed))
        {
            return new Refusal(RefusalCode.InvalidArgument, "INVALID_ARGUMENT", $"give a {what} id, or the start of one");
        }

        var matches = new List<string>();
        foreach (var id in ids)
        {
            if (string.Equals(id, typed, StringComparison.Ordinal))
            {
                return Checked<string>.Allow(id);
            }

            if (id.StartsWith(typed, StringComparison.Ordinal))
            {
                matches.Add(id);
            }
        }

        return matches.Count switch
        {
            0 => new Refusal(RefusalCode.NotFound, "NOT_FOUND", $"no {what} id starts with '{typed}'"),
            1 => Checked<string>.Allow(matches[0]),
            _ => new Refusal(RefusalCode.InvalidArgument, "AMBIGUOUS_ID",
                $"'{typed}' starts {matches.Count} {what} ids: {string.Join(", ", matches.Order(StringComparer.Ordinal).Take(MatchesShown))}"
                    + (matches.Count > MatchesShown ? ", ..." : "") + "; give more of it"),
        };
    }
}
