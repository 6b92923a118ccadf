namespace Accord.Grains.Abstractions.Common;

/// <summary>One signature of a stored envelope, exactly as received.</summary>
[GenerateSerializer, Immutable, Alias("accord.stored-signature")]
public sealed record StoredSignature
{
    [Id(0)] public required string KeyId { get; init; }
    [Id(1)] public required byte[] Sig { get; init; }
}

/// <summary>A signed envelope kept byte for byte as it was received (never re-serialized).</summary>
[GenerateSerializer, Immutable, Alias("accord.stored-envelope")]
public sealed record StoredEnvelope
{
    [Id(0)] public required string PayloadType { get; init; }
    [Id(1)] public required byte[] Payload { get; init; }
    [Id(2)] public required ImmutableList<StoredSignature> Signatures { get; init; }
}
