// Signed envelope: DSSE v1 (github.com/secure-systems-lab/dsse, envelope.md and protocol.md),
// with key ids per docs/formats.md and Ed25519 signatures (RFC 8032) over PAE.
namespace Accord.Core.Envelopes;

/// <summary>One signature: the signer's key id (lowercase hex SHA-256 of its public key) and 64 bytes of Ed25519.</summary>
public sealed record EnvelopeSignature(string KeyId, byte[] Sig);

/// <summary>
/// A DSSE envelope: the payload type, the exact payload bytes as signed, and the signatures
/// over <see cref="Pae.Encode"/> of both.
/// </summary>
public sealed record SignedEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<EnvelopeSignature> Signatures);
