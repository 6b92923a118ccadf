using Accord.Client;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.V1;
using CsCheck;
using Google.Protobuf;

namespace Accord.PropertyTests.Services;

/// <summary>
/// Requests that must be refused, made from a signed request the server already accepted:
/// the envelope with its bytes, signature, key id or type mutated; extra or missing
/// signatures; the payload's fields mutated and signed again by the same key under the same
/// (already used) header; the payload's fields mutated and signed by a key nobody registered;
/// and the accepted request itself, replayed.
/// </summary>
internal static class BadRequests
{
    private static readonly PartyKeyPair Stranger = PartyKeyPair.Generate();

    public static Gen<Envelope> From<T>(T payload, Envelope accepted, PartyKeyPair key)
        where T : IMessage<T>
    {
        var header = payload.Descriptor.FindFieldByName("header").Accessor;
        var original = (RequestHeader)header.GetValue(payload);
        return Gen.Int[0, 9].SelectMany(how => how switch
        {
            0 => Mutate.Bytes(accepted.Payload.ToByteArray()).Select(b => With(accepted, e => e.Payload = ByteString.CopyFrom(b))),
            1 => Mutate.Bytes(accepted.Signatures[0].Sig.ToByteArray()).Select(b => With(accepted, e => e.Signatures[0].Sig = ByteString.CopyFrom(b))),
            2 => Mutate.Text(accepted.Signatures[0].KeyId).Select(t => With(accepted, e => e.Signatures[0].KeyId = t)),
            3 => Mutate.Text(accepted.PayloadType).Select(t => With(accepted, e => e.PayloadType = t)),
            4 => Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[64], (id, sig) => With(accepted, e => e.Signatures.Add(new Signature { KeyId = Convert.ToHexStringLower(id), Sig = ByteString.CopyFrom(sig) }))),
            5 => Gen.Const(With(accepted, e => e.Signatures.Clear())),
            6 or 7 => ProtoMutator.Of(payload).Select(m =>
            {
                header.SetValue(m, original.Clone());
                return RequestSigning.Sign(m, key);
            }),
            8 => ProtoMutator.Of(payload).Select(m => RequestSigning.ToProto(EnvelopeSigner.Sign(m.Descriptor.FullName, m.ToByteArray(), Stranger))),
            _ => Gen.Const(accepted.Clone()),
        });
    }

    private static Envelope With(Envelope accepted, Action<Envelope> change)
    {
        var copy = accepted.Clone();
        change(copy);
        return copy;
    }
}
