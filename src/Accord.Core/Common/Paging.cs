// Listings come in pages (docs/api.md, "Paging"): a page size (0 for the default, at most the maximum) and an
// opaque token naming the last item of the previous page; a listing's order is stable, so a page starts after it.
using System.Text;

namespace Accord.Core.Common;

/// <summary>One page of a listing, and the token of the next (empty at the end).</summary>
/// <typeparam name="T">What is listed.</typeparam>
/// <param name="Items">The page.</param>
/// <param name="NextToken">The token to ask for the next page with; empty when this is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextToken);

/// <summary>The paging rule every listing follows.</summary>
public static class Paging
{
    /// <summary>Items per page when none is asked for.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The most items one page holds; a larger page size is taken as this.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// The page of <paramref name="ordered"/> after the item <paramref name="token"/> names (from the start when it is
    /// empty), of <paramref name="pageSize"/> items (0: <see cref="DefaultPageSize"/>; at most <see cref="MaxPageSize"/>);
    /// refused (<c>INVALID_ARGUMENT</c> on <c>page_token</c>) when the token is not one this listing gave.
    /// </summary>
    public static Checked<Page<T>> Take<T>(IReadOnlyList<T> ordered, Func<T, string> key, string? token, uint pageSize)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(key);
        var size = pageSize == 0 ? DefaultPageSize : (int)Math.Min(pageSize, MaxPageSize);
        var start = 0;
        if (!string.IsNullOrEmpty(token))
        {
            var after = Decode(token);
            var index = after is null ? -1 : IndexOf(ordered, key, after);
            if (index < 0)
            {
                return new Refusal(RefusalCode.InvalidArgument, "INVALID_ARGUMENT", "not a page token this listing gave (ask again from the first page)", "page_token");
            }

            start = index + 1;
        }

        var items = ordered.Skip(start).Take(size).ToList();
        var next = start + items.Count < ordered.Count && items.Count > 0 ? Encode(key(items[^1])) : "";
        return Checked<Page<T>>.Allow(new Page<T>(items, next));
    }

    private static int IndexOf<T>(IReadOnlyList<T> ordered, Func<T, string> key, string wanted)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            if (string.Equals(key(ordered[i]), wanted, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string token)
    {
        if (token.Length > 1024)
        {
            return null;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
