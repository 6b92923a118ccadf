// Key ids: the lowercase hexadecimal SHA-256 (FIPS 180-4) of the raw 32-byte Ed25519 public key
// encoding of RFC 8032 section 5.1.2. Format documented in docs/formats.md, "Keys and key ids".
using System.Security.Cryptography;

namespace Accord.Core.Keys;

/// <summary>Computes and checks Accord key ids.</summary>
public static class KeyIds
{
    /// <summary>Length of a key id in characters (64 lowercase hex digits).</summary>
    public const int Length = 64;

    /// <summary>Returns the lowercase hex SHA-256 of the raw 32-byte public key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static string Of(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PartyPublicKey.Size)
        {
            throw new ArgumentException(
                $"A public key is {PartyPublicKey.Size} bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        return Convert.ToHexStringLower(SHA256.HashData(publicKey));
    }

    /// <summary>True when <paramref name="keyId"/> is exactly 64 lowercase hex digits.</summary>
    public static bool IsWellFormed(string? keyId)
    {
        if (keyId is null || keyId.Length != Length)
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
