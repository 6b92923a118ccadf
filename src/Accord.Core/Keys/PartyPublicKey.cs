// Ed25519 public keys and signature verification: RFC 8032 section 5.1 (encoding 5.1.2,
// verification 5.1.7), through NSec.Cryptography over libsodium, which additionally refuses
// non-canonical S (S >= L), non-canonical and small-order A and R.
using NSec.Cryptography;

namespace Accord.Core.Keys;

/// <summary>A party's Ed25519 public key (32 raw bytes, RFC 8032 encoding).</summary>
public sealed class PartyPublicKey : IEquatable<PartyPublicKey>
{
    /// <summary>Size of a raw Ed25519 public key in bytes.</summary>
    public const int Size = 32;

    /// <summary>Size of an Ed25519 signature in bytes.</summary>
    public const int SignatureSize = 64;

    private readonly byte[] raw;
    private readonly PublicKey key;

    private PartyPublicKey(byte[] raw, PublicKey key)
    {
        this.raw = raw;
        this.key = key;
        KeyId = KeyIds.Of(raw);
    }

    /// <summary>Lowercase hex SHA-256 of the raw public key.</summary>
    public string KeyId { get; }

    /// <summary>Imports a raw 32-byte Ed25519 public key.</summary>
    /// <exception cref="FormatException">Not 32 bytes, or not accepted as an Ed25519 public key.</exception>
    public static PartyPublicKey FromBytes(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != Size)
        {
            throw new FormatException($"An Ed25519 public key is {Size} bytes, not {raw.Length}.");
        }

        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            throw new FormatException("The bytes are not a valid Ed25519 public key.");
        }

        return new PartyPublicKey(raw.ToArray(), key);
    }

    internal static PartyPublicKey FromNSec(PublicKey key) =>
        new(key.Export(KeyBlobFormat.RawPublicKey), key);

    /// <summary>Returns a copy of the 32 raw bytes.</summary>
    public byte[] ToBytes() => (byte[])raw.Clone();

    /// <summary>
    /// Verifies an Ed25519 signature over <paramref name="message"/>. Returns false, and never
    /// throws, for any bad input, including a signature that is not 64 bytes.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        try
        {
            return SignatureAlgorithm.Ed25519.Verify(key, message, signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(PartyPublicKey? other) =>
        other is not null && raw.AsSpan().SequenceEqual(other.raw);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PartyPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(raw, 0);

    /// <summary>"PartyPublicKey(key_id)".</summary>
    public override string ToString() => $"PartyPublicKey({KeyId})";

    /// <summary>Value equality on the raw bytes.</summary>
    public static bool operator ==(PartyPublicKey? left, PartyPublicKey? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality on the raw bytes.</summary>
    public static bool operator !=(PartyPublicKey? left, PartyPublicKey? right) => !(left == right);
}
