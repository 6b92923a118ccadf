// DSSE v1 verification (github.com/secure-systems-lab/dsse, protocol.md): verify
// Ed25519 (RFC 8032 section 5.1.7) over PAE of the payload type and payload bytes exactly as
// received. Never re-serializes.
using Accord.Core.Keys;

namespace Accord.Core.Envelopes;

/// <summary>The result of checking an envelope against one key.</summary>
public enum EnvelopeCheck
{
    /// <summary>The key's signature verifies over PAE of the received bytes.</summary>
    Valid,

    /// <summary>No signature carries the key's id.</summary>
    NoSignatureForKey,

    /// <summary>The key's signature does not verify (including a signature that is not 64 bytes).</summary>
    BadSignature,

    /// <summary>
    /// The envelope is not well formed: a missing member, a key id that is not 64 lowercase hex
    /// digits, two signatures with the same key id, or a payload type that is not valid UTF-16.
    /// </summary>
    Malformed,
}

/// <summary>Checks envelopes.</summary>
public static class EnvelopeVerifier
{
    /// <summary>
    /// Finds the signature whose key id equals <paramref name="key"/>'s and verifies it over
    /// PAE of the bytes as received.
    /// </summary>
    public static EnvelopeCheck Verify(SignedEnvelope envelope, PartyPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (envelope?.PayloadType is null || envelope.Payload is null || envelope.Signatures is null)
        {
            return EnvelopeCheck.Malformed;
        }

        EnvelopeSignature? match = null;
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in envelope.Signatures)
        {
            if (signature?.Sig is null || !KeyIds.IsWellFormed(signature.KeyId) || !keyIds.Add(signature.KeyId))
            {
                return EnvelopeCheck.Malformed;
            }

            if (signature.KeyId == key.KeyId)
            {
                match = signature;
            }
        }

        if (match is null)
        {
            return EnvelopeCheck.NoSignatureForKey;
        }

        byte[] pae;
        try
        {
            pae = Pae.Encode(envelope.PayloadType, envelope.Payload);
        }
        catch (ArgumentException)
        {
            return EnvelopeCheck.Malformed;
        }

        return key.Verify(pae, match.Sig) ? EnvelopeCheck.Valid : EnvelopeCheck.BadSignature;
    }
}
