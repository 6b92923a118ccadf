using System.Security.Cryptography;

namespace Accord.Core.Registry;

/// <summary>
/// The shapes of the registry's identifiers: party and agreement ids (slugs) and commitment ids.
/// </summary>
public static class Identifiers
{
    /// <summary>The longest slug, in characters.</summary>
    public const int MaxSlugLength = 64;

    /// <summary>The length of a commitment id: 16 bytes as lowercase hex.</summary>
    public const int CommitmentIdLength = 32;

    /// <summary>
    /// Whether <paramref name="value"/> is a party or agreement id: 1 to 64 characters of
    /// <c>[a-z0-9._-]</c>, the first a lowercase letter or digit.
    /// </summary>
    public static bool IsValidSlug(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxSlugLength || !IsLowerAlphanumeric(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The commitment id of a statement: lowercase hex of the first 16 bytes of SHA-256 over the
    /// statement's payload bytes exactly as received.
    /// </summary>
    public static string CommitmentIdFor(ReadOnlySpan<byte> statementPayload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(statementPayload, hash);
        return Convert.ToHexStringLower(hash[..(CommitmentIdLength / 2)]);
    }

    /// <summary>Whether <paramref name="value"/> is 32 lowercase hex characters.</summary>
    public static bool IsValidCommitmentId(string? value)
    {
        if (value is null || value.Length != CommitmentIdLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
