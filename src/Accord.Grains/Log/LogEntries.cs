using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Grains.Log;

/// <summary>What the log stores for an accepted signed object: the protobuf encoding of its Envelope, payload bytes unchanged.</summary>
public static class LogEntries
{
    public static Envelope ToProto(StoredEnvelope stored)
    {
        var envelope = new Envelope { PayloadType = stored.PayloadType, Payload = ByteString.CopyFrom(stored.Payload) };
        envelope.Signatures.AddRange(stored.Signatures.Select(s => new Signature { KeyId = s.KeyId, Sig = ByteString.CopyFrom(s.Sig) }));
        return envelope;
    }

    public static byte[] Encode(StoredEnvelope stored) => ToProto(stored).ToByteArray();
}
