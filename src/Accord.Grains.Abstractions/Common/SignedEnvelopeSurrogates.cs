using Accord.Core.Envelopes;

namespace Accord.Grains.Abstractions.Common;

/// <summary>
/// How Core's <see cref="SignedEnvelope"/> crosses a grain call: Core has no Orleans, so its records travel as
/// these surrogates (Orleans' <see cref="IConverter{TValue, TSurrogate}"/>), field for field, bytes unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("accord.signed-envelope")]
public struct SignedEnvelopeSurrogate
{
    [Id(0)] public string PayloadType;
    [Id(1)] public byte[] Payload;
    [Id(2)] public ImmutableArray<EnvelopeSignature> Signatures;
}

/// <summary>Converts <see cref="SignedEnvelope"/> to and from its surrogate.</summary>
[RegisterConverter]
public sealed class SignedEnvelopeConverter : IConverter<SignedEnvelope, SignedEnvelopeSurrogate>
{
    public SignedEnvelope ConvertFromSurrogate(in SignedEnvelopeSurrogate surrogate) =>
        new(surrogate.PayloadType, surrogate.Payload, surrogate.Signatures);

    public SignedEnvelopeSurrogate ConvertToSurrogate(in SignedEnvelope value) => new()
    {
        PayloadType = value.PayloadType,
        Payload = value.Payload,
        Signatures = [.. value.Signatures],
    };
}

/// <summary>How Core's <see cref="EnvelopeSignature"/> crosses a grain call.</summary>
[GenerateSerializer, Immutable, Alias("accord.envelope-signature")]
public struct EnvelopeSignatureSurrogate
{
    [Id(0)] public string KeyId;
    [Id(1)] public byte[] Sig;
}

/// <summary>Converts <see cref="EnvelopeSignature"/> to and from its surrogate.</summary>
[RegisterConverter]
public sealed class EnvelopeSignatureConverter : IConverter<EnvelopeSignature, EnvelopeSignatureSurrogate>
{
    public EnvelopeSignature ConvertFromSurrogate(in EnvelopeSignatureSurrogate surrogate) => new(surrogate.KeyId, surrogate.Sig);

    public EnvelopeSignatureSurrogate ConvertToSurrogate(in EnvelopeSignature value) => new() { KeyId = value.KeyId, Sig = value.Sig };
}
