// Ed25519 key pairs: RFC 8032 section 5.1 (the private key is the 32-byte seed of 5.1.5,
// signing per 5.1.6), through NSec.Cryptography over libsodium. Never logs key material.
using NSec.Cryptography;

namespace Accord.Core.Keys;

/// <summary>A party's Ed25519 signing key. Dispose it when done; ToString never shows key material.</summary>
public sealed class PartyKeyPair : IDisposable
{
    /// <summary>Size of the RFC 8032 private key (seed) in bytes.</summary>
    public const int SeedSize = 32;

    // The key file writer exports the seed; nothing else does.
    private const KeyExportPolicies ExportPolicy = KeyExportPolicies.AllowPlaintextExport;

    private readonly Key key;

    private PartyKeyPair(Key key)
    {
        this.key = key;
        PublicKey = PartyPublicKey.FromNSec(key.PublicKey);
    }

    /// <summary>The public half.</summary>
    public PartyPublicKey PublicKey { get; }

    /// <summary>Lowercase hex SHA-256 of the raw public key.</summary>
    public string KeyId => PublicKey.KeyId;

    /// <summary>Creates a fresh key pair from the operating system's CSPRNG.</summary>
    public static PartyKeyPair Generate() =>
        new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = ExportPolicy }));

    /// <summary>Imports an RFC 8032 private key (the 32-byte seed).</summary>
    /// <exception cref="FormatException">The seed is not 32 bytes or is refused.</exception>
    public static PartyKeyPair FromSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != SeedSize)
        {
            throw new FormatException($"An Ed25519 private key (seed) is {SeedSize} bytes, not {seed32.Length}.");
        }

        if (!Key.TryImport(SignatureAlgorithm.Ed25519, seed32, KeyBlobFormat.RawPrivateKey, out var key,
                new KeyCreationParameters { ExportPolicy = ExportPolicy })
            || key is null)
        {
            throw new FormatException("The bytes are not a valid Ed25519 private key.");
        }

        return new PartyKeyPair(key);
    }

    /// <summary>Signs <paramref name="message"/> (RFC 8032 Ed25519, deterministic, 64 bytes).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(key, message);

    /// <summary>
    /// Exports the 32-byte seed. Only the key file writer needs this; the caller must zero the
    /// returned buffer when done.
    /// </summary>
    internal byte[] ExportSeed() => key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>"PartyKeyPair(key_id)"; never key material.</summary>
    public override string ToString() => $"PartyKeyPair({KeyId})";

    /// <inheritdoc/>
    public void Dispose() => key.Dispose();
}
