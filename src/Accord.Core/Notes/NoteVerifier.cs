// C2SP signed-note (c2sp.org/signed-note) verifier keys "<name>+<hex8 key ID>+base64(type ||
// public key)" as golang.org/x/mod/sumdb/note NewVerifier; Ed25519 (RFC 8032) for type 0x01 and
// c2sp.org/tlog-cosignature cosignature/v1 for type 0x04.
using System.Globalization;
using System.Text;
using Accord.Core.Keys;

namespace Accord.Core.Notes;

/// <summary>
/// A trusted note key: name, key id, signature type and Ed25519 public key. Parse one from its
/// verifier key string, or build one from parts with <see cref="Create"/>.
/// </summary>
public sealed class NoteVerifier
{
    private NoteVerifier(string name, uint keyId, NoteKeyType type, PartyPublicKey publicKey)
    {
        Name = name;
        KeyId = keyId;
        Type = type;
        PublicKey = publicKey;
        VerifierKey = FormatVerifierKey(name, keyId, type, publicKey);
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>SHA-256(name || 0x0A || type || public key)[:4], big-endian.</summary>
    public uint KeyId { get; }

    /// <summary>The signature type.</summary>
    public NoteKeyType Type { get; }

    /// <summary>The Ed25519 public key.</summary>
    public PartyPublicKey PublicKey { get; }

    /// <summary>
    /// The canonical verifier key: name, '+', the key id as 8 lowercase hex digits, '+', the
    /// padded standard base64 of the type byte followed by the 32 public-key bytes.
    /// </summary>
    public string VerifierKey { get; }

    /// <summary>
    /// Parses a verifier key. The key id must be 8 hex digits; like Go's strconv.ParseUint in
    /// golang.org/x/mod/sumdb/note, upper-case digits are accepted (<see cref="VerifierKey"/>
    /// gives the lower-case form). The base64 must be canonical.
    /// </summary>
    /// <exception cref="NoteFormatException">
    /// Malformed, an invalid name, an unknown signature type, a public key that is not a valid
    /// 32-byte Ed25519 key, or a key id that is not the one computed from name, type and key.
    /// </exception>
    public static NoteVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);

        // As golang.org/x/mod/sumdb/note: cut at the first '+', then at the next; the base64 may hold '+'.
        var first = verifierKey.IndexOf('+', StringComparison.Ordinal);
        var second = first < 0 ? -1 : verifierKey.IndexOf('+', first + 1);
        if (second < 0)
        {
            throw new NoteFormatException("Verifier key: expected <name>+<8 hex digit key id>+<base64 key data>.");
        }

        var name = verifierKey[..first];
        var hex = verifierKey[(first + 1)..second];
        var base64 = verifierKey[(second + 1)..];
        if (NoteSyntax.KeyNameProblem(name) is { } problem)
        {
            throw new NoteFormatException($"Verifier key: the name {problem}.");
        }

        if (hex.Length != 8 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new NoteFormatException("Verifier key: the key id is not 8 hex digits.");
        }

        var keyId = uint.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var data = NoteSyntax.DecodeBase64(base64)
            ?? throw new NoteFormatException("Verifier key: the key data is not canonical standard base64 (RFC 4648 section 4, padded).");
        if (data.Length == 0)
        {
            throw new NoteFormatException("Verifier key: the key data is empty.");
        }

        var type = (NoteKeyType)data[0];
        if (type is not (NoteKeyType.Ed25519 or NoteKeyType.CosignatureV1))
        {
            throw new NoteFormatException($"Verifier key: unknown signature type 0x{data[0]:x2} (supported: 0x01 Ed25519, 0x04 cosignature/v1).");
        }

        if (data.Length != 1 + PartyPublicKey.Size)
        {
            throw new NoteFormatException(
                $"Verifier key: an Ed25519 key is {PartyPublicKey.Size} bytes after the type byte, not {data.Length - 1}.");
        }

        var expected = NoteSyntax.KeyId(name, type, data.AsSpan(1));
        if (keyId != expected)
        {
            throw new NoteFormatException(
                $"Verifier key: key id {keyId:x8} does not match SHA-256(name || 0x0A || type || key)[:4] = {expected:x8}.");
        }

        PartyPublicKey publicKey;
        try
        {
            publicKey = PartyPublicKey.FromBytes(data.AsSpan(1));
        }
        catch (FormatException)
        {
            throw new NoteFormatException("Verifier key: the public key is not a valid Ed25519 public key.");
        }

        return new NoteVerifier(name, keyId, type, publicKey);
    }

    /// <summary>Builds a verifier from a name, a public key and a signature type.</summary>
    /// <exception cref="ArgumentException">The name is not a valid key name, or the type is not supported.</exception>
    public static NoteVerifier Create(string name, PartyPublicKey publicKey, NoteKeyType type = NoteKeyType.Ed25519)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(publicKey);
        CheckNameAndType(name, type);
        var raw = publicKey.ToBytes();
        return new NoteVerifier(name, NoteSyntax.KeyId(name, type, raw), type, publicKey);
    }

    /// <summary>
    /// True when <paramref name="signature"/> carries this key's name and key id and verifies
    /// over <paramref name="text"/>: Ed25519 over the UTF-8 text for type 0x01; for type 0x04
    /// the text must be a checkpoint body and the signature a valid cosignature/v1 over it (see
    /// <see cref="Cosignatures"/>). Never throws for bad input; returns false.
    /// </summary>
    public bool Verify(string text, NoteSignature signature)
    {
        if (text is null
            || signature?.Signature is null
            || signature.KeyId != KeyId
            || !string.Equals(signature.KeyName, Name, StringComparison.Ordinal))
        {
            return false;
        }

        if (Type == NoteKeyType.CosignatureV1)
        {
            return Checkpoint.TryParse(text, out var checkpoint)
                && Cosignatures.Verify(this, checkpoint, signature, out _);
        }

        byte[] message;
        try
        {
            message = NoteSyntax.StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }

        return PublicKey.Verify(message, signature.Signature);
    }

    /// <summary>The verifier key.</summary>
    public override string ToString() => VerifierKey;

    internal static void CheckNameAndType(string name, NoteKeyType type)
    {
        if (NoteSyntax.KeyNameProblem(name) is { } problem)
        {
            throw new ArgumentException($"The key name {problem}.", nameof(name));
        }

        if (type is not (NoteKeyType.Ed25519 or NoteKeyType.CosignatureV1))
        {
            throw new ArgumentException($"Signature type 0x{(byte)type:x2} is not supported.", nameof(type));
        }
    }

    internal static string FormatVerifierKey(string name, uint keyId, NoteKeyType type, PartyPublicKey publicKey)
    {
        var data = new byte[1 + PartyPublicKey.Size];
        data[0] = (byte)type;
        publicKey.ToBytes().CopyTo(data, 1);
        return new StringBuilder(name.Length + 60)
            .Append(name).Append('+')
            .Append(keyId.ToString("x8", CultureInfo.InvariantCulture)).Append('+')
            .Append(Convert.ToBase64String(data))
            .ToString();
    }
}
