// C2SP signed-note (c2sp.org/signed-note) signers: Ed25519 (RFC 8032) over the note text for
// type 0x01, c2sp.org/tlog-cosignature cosignature/v1 for type 0x04; key id
// SHA-256(name || 0x0A || type || public key)[:4].
using Accord.Core.Keys;

namespace Accord.Core.Notes;

/// <summary>
/// Signs notes with a party key under a key name. The signer does not own the key: the caller
/// disposes the <see cref="PartyKeyPair"/> after the signer is no longer used.
/// </summary>
public sealed class NoteSigner
{
    private readonly PartyKeyPair key;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates a signer; a cosignature/v1 signer takes its timestamps from the system clock.</summary>
    /// <exception cref="ArgumentException">The name is not a valid key name, or the type is not supported.</exception>
    public NoteSigner(string name, PartyKeyPair key, NoteKeyType type = NoteKeyType.Ed25519)
        : this(name, key, type, TimeProvider.System)
    {
    }

    /// <summary>Creates a signer whose cosignature/v1 timestamps come from <paramref name="timeProvider"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a valid key name, or the type is not supported.</exception>
    public NoteSigner(string name, PartyKeyPair key, NoteKeyType type, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(timeProvider);
        NoteVerifier.CheckNameAndType(name, type);
        this.key = key;
        this.timeProvider = timeProvider;
        Verifier = NoteVerifier.Create(name, key.PublicKey, type);
    }

    /// <summary>The key name.</summary>
    public string Name => Verifier.Name;

    /// <summary>SHA-256(name || 0x0A || type || public key)[:4], big-endian.</summary>
    public uint KeyId => Verifier.KeyId;

    /// <summary>The signature type.</summary>
    public NoteKeyType Type => Verifier.Type;

    /// <summary>The verifier key to hand to those who verify this signer's notes.</summary>
    public string VerifierKey => Verifier.VerifierKey;

    /// <summary>The matching verifier.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>
    /// Signs a note text. Type 0x01: Ed25519 over the UTF-8 text. Type 0x04: the text must be a
    /// checkpoint body, cosigned at the time provider's current time (see <see cref="Cosignatures.Cosign"/>).
    /// </summary>
    /// <exception cref="NoteFormatException">The text is not a valid note text, or, for type 0x04, not a checkpoint.</exception>
    public NoteSignature Sign(string text)
    {
        SignedNote.CheckText(text, "Note text");
        if (Type == NoteKeyType.CosignatureV1)
        {
            return Cosignatures.Cosign(this, Checkpoint.Parse(text), timeProvider.GetUtcNow());
        }

        return new NoteSignature(Name, KeyId, key.Sign(NoteSyntax.StrictUtf8.GetBytes(text)));
    }

    /// <summary>"NoteSigner(verifier key)"; never key material.</summary>
    public override string ToString() => $"NoteSigner({VerifierKey})";

    /// <summary>Raw Ed25519 signature, for <see cref="Cosignatures"/>.</summary>
    internal byte[] SignRaw(ReadOnlySpan<byte> message) => key.Sign(message);
}
