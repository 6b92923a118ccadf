using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.PropertyTests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>DSSE envelopes (docs/formats.md, "Signed envelope") against <see cref="EnvelopeVerifier"/>.</summary>
public sealed class EnvelopeProperties(ITestOutputHelper output)
{
    private static readonly PartyKeyPair Signer = PartyKeyPair.Generate();
    private static readonly PartyKeyPair Other = PartyKeyPair.Generate();
    private static readonly SignedEnvelope Valid = EnvelopeSigner.AddSignature(
        EnvelopeSigner.Sign("accord.v1.CommitmentStatement", [.. Enumerable.Range(0, 90).Select(i => (byte)(i * 7))], Signer), Other);

    private static readonly Gen<SignedEnvelope> Mutated = Gen.Int[0, 9].SelectMany(field => field switch
    {
        0 => Mutate.Bytes(Valid.Payload).Select(p => Valid with { Payload = p }),
        1 => Mutate.Text(Valid.PayloadType).Select(t => Valid with { PayloadType = t }),
        2 => Gen.Int[0, 1].SelectMany(i => Mutate.Bytes(Valid.Signatures[i].Sig).Select(s => WithSignature(i, Valid.Signatures[i] with { Sig = s }))),
        3 => Gen.Int[0, 1].SelectMany(i => Mutate.Text(Valid.Signatures[i].KeyId).Select(k => WithSignature(i, Valid.Signatures[i] with { KeyId = k }))),
        4 => Gen.Int[0, 1].Select(i => Valid with { Signatures = [Valid.Signatures[1 - i]] }),
        5 => Gen.Int[0, 1].Select(i => Valid with { Signatures = [.. Valid.Signatures, Valid.Signatures[i]] }),
        6 => Gen.Byte.Array[0, 70].Select(s => Valid with { Signatures = [.. Valid.Signatures, new EnvelopeSignature(new string('a', 64), s)] }),
        7 => Gen.Int[0, 3].Select(n => n switch
        {
            0 => Valid with { Payload = null! },
            1 => Valid with { PayloadType = null! },
            2 => Valid with { Signatures = null! },
            _ => Valid with { Signatures = [null!, .. Valid.Signatures] },
        }),
        8 => Gen.Int[0, 1].Select(i => WithSignature(i, Valid.Signatures[i] with { Sig = null! })),
        _ => Gen.Select(Mutate.Bytes(Valid.Payload), Mutate.Bytes(Valid.Signatures[0].Sig), (p, s) => new SignedEnvelope(Valid.PayloadType, p, [Valid.Signatures[0] with { Sig = s }])),
    });

    [Fact]
    public void Verify_MutatedEnvelope_ValidOnlyWhenSignedBytesAndSignatureUnchanged()
    {
        Property.Run(output, "DSSE mutated envelopes", Mutated, envelope =>
        {
            foreach (var key in new[] { Signer, Other })
            {
                var check = Expect.NeverThrows(() => EnvelopeVerifier.Verify(envelope, key.PublicKey));
                Assert.True(Enum.IsDefined(check));
                if (check == EnvelopeCheck.Valid)
                {
                    var original = Valid.Signatures.Single(s => s.KeyId == key.KeyId);
                    var used = envelope.Signatures.Single(s => s.KeyId == key.KeyId);
                    Assert.Equal(Pae.Encode(Valid.PayloadType, Valid.Payload), Pae.Encode(envelope.PayloadType, envelope.Payload));
                    Assert.Equal(original.Sig, used.Sig);
                }
            }
        }, CaseBudget.EnvelopeMutations);
    }

    [Fact]
    public void Verify_RandomEnvelope_NeverValidNeverThrows()
    {
        var signature = Gen.Select(
            Gen.Frequency((2, Gen.Const(Signer.KeyId)), (1, Gen.String[0, 70]), (1, Gen.String[Gen.Char["0123456789abcdefABCDEF"], 64, 64])),
            Gen.Frequency((3, Gen.Byte.Array[64]), (1, Gen.Byte.Array[0, 100])),
            (keyId, sig) => new EnvelopeSignature(keyId, sig));
        var envelopes = Gen.Select(Gen.String[0, 60], Mutate.RandomBytes(300), signature.Array[0, 4], (type, payload, signatures) => new SignedEnvelope(type, payload, signatures));
        Property.Run(output, "DSSE random envelopes", envelopes, envelope =>
        {
            var check = Expect.NeverThrows(() => EnvelopeVerifier.Verify(envelope, Signer.PublicKey));
            Assert.NotEqual(EnvelopeCheck.Valid, check);
        }, CaseBudget.EnvelopeRandom);
    }

    [Fact]
    public void Verify_MutatedPayloadSignedAgain_ValidForTheSignerOnly()
    {
        var signed = Gen.Select(Mutate.Bytes(Valid.Payload), Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz.0123456789/\u00e9"], 1, 60], (payload, type) => EnvelopeSigner.Sign(type, payload, Signer));
        Property.Run(output, "DSSE re-signed mutated payloads", signed, envelope =>
        {
            Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(envelope, Signer.PublicKey));
            Assert.Equal(EnvelopeCheck.NoSignatureForKey, EnvelopeVerifier.Verify(envelope, Other.PublicKey));
            var tampered = envelope with { Payload = [.. envelope.Payload, 0] };
            Assert.Equal(EnvelopeCheck.BadSignature, EnvelopeVerifier.Verify(tampered, Signer.PublicKey));
        }, CaseBudget.EnvelopeResigned);
    }

    private static SignedEnvelope WithSignature(int index, EnvelopeSignature signature)
    {
        var list = Valid.Signatures.ToArray();
        list[index] = signature;
        return Valid with { Signatures = list };
    }
}
