using Accord.Core.Envelopes;
using Accord.Grains.Abstractions.Common;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Server.Mapping;

/// <summary>Copies envelopes between the wire, Core and grain state without re-serializing the payload.</summary>
public static class EnvelopeMapping
{
    public static SignedEnvelope ToCore(Envelope envelope) => new(
        envelope.PayloadType,
        envelope.Payload.ToByteArray(),
        [.. envelope.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig.ToByteArray()))]);

    public static StoredEnvelope ToStored(Envelope envelope) => new()
    {
        PayloadType = envelope.PayloadType,
        Payload = envelope.Payload.ToByteArray(),
        Signatures = [.. envelope.Signatures.Select(s => new StoredSignature { KeyId = s.KeyId, Sig = s.Sig.ToByteArray() })],
    };

    /// <summary>The wire envelope of a stored one, payload bytes unchanged; its encoding is what the log stores (<see cref="ProtoWireFormat.LogEntry"/>).</summary>
    public static Envelope ToProto(StoredEnvelope stored)
    {
        var envelope = new Envelope { PayloadType = stored.PayloadType, Payload = ByteString.CopyFrom(stored.Payload) };
        envelope.Signatures.AddRange(stored.Signatures.Select(s => new Signature { KeyId = s.KeyId, Sig = ByteString.CopyFrom(s.Sig) }));
        return envelope;
    }
}
