// Client side of the signed-request contract (docs/formats.md, "Signed envelope" and "Request freshness"):
// a payload with a RequestHeader, serialized once, wrapped in a DSSE-style envelope signed with the party key.
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Requests;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Client;

/// <summary>Builds signed requests the way the server expects them.</summary>
public static class RequestSigning
{
    /// <summary>A fresh header: the acting party, the current time and a new random nonce.</summary>
    public static RequestHeader Header(string partyId, DateTimeOffset? issuedAt = null, string? nonce = null) => new()
    {
        PartyId = partyId,
        IssuedAt = Timestamp.FromDateTimeOffset(issuedAt ?? DateTimeOffset.UtcNow),
        Nonce = nonce ?? RequestFreshness.NewNonce(),
    };

    /// <summary>Serializes the payload once and signs PAE(payload_type, payload) with the key.</summary>
    public static Envelope Sign<T>(T payload, PartyKeyPair key)
        where T : IMessage<T> => ToProto(EnvelopeSigner.Sign(payload.Descriptor.FullName, payload.ToByteArray(), key));

    /// <summary>The wire form of a Core envelope.</summary>
    public static Envelope ToProto(SignedEnvelope envelope)
    {
        var proto = new Envelope { PayloadType = envelope.PayloadType, Payload = ByteString.CopyFrom(envelope.Payload) };
        proto.Signatures.AddRange(envelope.Signatures.Select(s => new Signature { KeyId = s.KeyId, Sig = ByteString.CopyFrom(s.Sig) }));
        return proto;
    }
}
