// DSSE v1 signing (github.com/secure-systems-lab/dsse, protocol.md): sig = Ed25519(PAE(type, payload)),
// Ed25519 per RFC 8032 section 5.1.6.
using Accord.Core.Keys;

namespace Accord.Core.Envelopes;

/// <summary>Makes and co-signs envelopes.</summary>
public static class EnvelopeSigner
{
    /// <summary>Signs <paramref name="payload"/> (copied) under <paramref name="payloadType"/> with one key.</summary>
    public static SignedEnvelope Sign(string payloadType, byte[] payload, PartyKeyPair key)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);

        var copy = (byte[])payload.Clone();
        var sig = key.Sign(Pae.Encode(payloadType, copy));
        return new SignedEnvelope(payloadType, copy, [new EnvelopeSignature(key.KeyId, sig)]);
    }

    /// <summary>
    /// Returns a new envelope with <paramref name="key"/>'s signature appended over the same
    /// bytes. The existing signatures are kept as they are (not checked).
    /// </summary>
    /// <exception cref="InvalidOperationException">The envelope already carries a signature with this key id.</exception>
    public static SignedEnvelope AddSignature(SignedEnvelope envelope, PartyKeyPair key)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(envelope.PayloadType, nameof(envelope));
        ArgumentNullException.ThrowIfNull(envelope.Payload, nameof(envelope));
        ArgumentNullException.ThrowIfNull(envelope.Signatures, nameof(envelope));
        ArgumentNullException.ThrowIfNull(key);

        foreach (var existing in envelope.Signatures)
        {
            if (existing?.KeyId == key.KeyId)
            {
                throw new InvalidOperationException($"The envelope is already signed by key {key.KeyId}.");
            }
        }

        var sig = key.Sign(Pae.Encode(envelope.PayloadType, envelope.Payload));
        return envelope with { Signatures = [.. envelope.Signatures, new EnvelopeSignature(key.KeyId, sig)] };
    }
}
