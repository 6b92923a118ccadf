namespace Accord.Grains.Abstractions.Log;

/// <summary>Proof that an entry was logged: its index and leaf hash, the audit path, and the signed checkpoint it verifies against.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-receipt")]
public sealed record LogReceipt
{
    [Id(0)] public required long Index { get; init; }
    [Id(1)] public required byte[] LeafHash { get; init; }
    [Id(2)] public required ImmutableList<byte[]> InclusionProof { get; init; }
    /// <summary>The checkpoint as a C2SP signed note.</summary>
    [Id(3)] public required string Checkpoint { get; init; }
    /// <summary>True when the exact bytes were already in the log: nothing new was appended.</summary>
    [Id(4)] public bool Existing { get; init; }
}

/// <summary>A checkpoint of the log: the signed note (with any cosignatures), its size and root.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-checkpoint")]
public sealed record LogCheckpoint
{
    [Id(0)] public required long TreeSize { get; init; }
    [Id(1)] public required byte[] RootHash { get; init; }
    [Id(2)] public required string SignedNote { get; init; }
}

/// <summary>An audit path with the tree size it is for and, when the log signed one at that size, the checkpoint.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-inclusion")]
public sealed record LogInclusionProof
{
    [Id(0)] public required long Index { get; init; }
    [Id(1)] public required byte[] LeafHash { get; init; }
    [Id(2)] public required long TreeSize { get; init; }
    [Id(3)] public required ImmutableList<byte[]> Proof { get; init; }
    [Id(4)] public string? Checkpoint { get; init; }
}

/// <summary>A consistency proof between two sizes and, when the log signed one at the second size, the checkpoint.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-consistency")]
public sealed record LogConsistencyProof
{
    [Id(0)] public required long FirstSize { get; init; }
    [Id(1)] public required long SecondSize { get; init; }
    [Id(2)] public required ImmutableList<byte[]> Proof { get; init; }
    [Id(3)] public string? Checkpoint { get; init; }
}

/// <summary>One logged entry: the exact bytes and their leaf hash.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-entry")]
public sealed record LogEntry
{
    [Id(0)] public required long Index { get; init; }
    [Id(1)] public required byte[] Entry { get; init; }
    [Id(2)] public required byte[] LeafHash { get; init; }
}

/// <summary>The log's identity.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-info")]
public sealed record LogInfo
{
    [Id(0)] public required string Origin { get; init; }
    [Id(1)] public required string VerifierKey { get; init; }
    [Id(2)] public required ImmutableList<string> WitnessKeys { get; init; }
}

/// <summary>The result of adding cosignatures: the checkpoint with all of them, and how many were new.</summary>
[GenerateSerializer, Immutable, Alias("accord.log-cosigned")]
public sealed record LogCosigned
{
    [Id(0)] public required string Checkpoint { get; init; }
    [Id(1)] public required int Added { get; init; }
}
