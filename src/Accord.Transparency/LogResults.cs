// What the transparency log engine answers: RFC 9162 audit paths and consistency proofs, and C2SP
// tlog-checkpoint signed notes, as plain records. Hosts map them to their own wire types.
using System.Collections.Immutable;

namespace Accord.Transparency;

/// <summary>Proof that an entry was logged: its index and leaf hash, the audit path, and the signed checkpoint it verifies against.</summary>
/// <param name="Index">The entry's index in the log.</param>
/// <param name="LeafHash">SHA-256(0x00 || entry).</param>
/// <param name="InclusionProof">The audit path to the checkpoint's root; empty when the caller asked for none.</param>
/// <param name="Checkpoint">The checkpoint as a C2SP signed note.</param>
/// <param name="Existing">True when the exact bytes were already in the log: nothing new was appended.</param>
public sealed record AppendReceipt(long Index, byte[] LeafHash, ImmutableList<byte[]> InclusionProof, string Checkpoint, bool Existing = false);

/// <summary>A checkpoint of the log: its size and root, and the signed note (with any cosignatures).</summary>
/// <param name="TreeSize">The number of entries it covers.</param>
/// <param name="RootHash">The RFC 9162 root of those entries.</param>
/// <param name="SignedNote">The C2SP signed note.</param>
public sealed record SignedCheckpoint(long TreeSize, byte[] RootHash, string SignedNote);

/// <summary>An audit path with the tree size it is for and, when the log signed one at that size, the checkpoint.</summary>
/// <param name="Index">The entry's index.</param>
/// <param name="LeafHash">The entry's leaf hash.</param>
/// <param name="TreeSize">The tree size the path leads to.</param>
/// <param name="Proof">The audit path.</param>
/// <param name="Checkpoint">The signed note at <paramref name="TreeSize"/>, or null when the log signed none at that size.</param>
public sealed record InclusionProof(long Index, byte[] LeafHash, long TreeSize, ImmutableList<byte[]> Proof, string? Checkpoint);

/// <summary>A consistency proof between two sizes and, when the log signed one at the second size, the checkpoint.</summary>
/// <param name="FirstSize">The older size.</param>
/// <param name="SecondSize">The newer size.</param>
/// <param name="Proof">The RFC 9162 consistency proof.</param>
/// <param name="Checkpoint">The signed note at <paramref name="SecondSize"/>, or null when the log signed none at that size.</param>
public sealed record ConsistencyProof(long FirstSize, long SecondSize, ImmutableList<byte[]> Proof, string? Checkpoint);

/// <summary>One logged entry: the exact bytes and their leaf hash.</summary>
/// <param name="Index">The entry's index.</param>
/// <param name="Entry">The bytes as appended.</param>
/// <param name="LeafHash">SHA-256(0x00 || entry), as stored.</param>
public sealed record LoggedEntry(long Index, byte[] Entry, byte[] LeafHash);

/// <summary>The result of adding cosignatures: the checkpoint with all of them, and how many were new.</summary>
/// <param name="Checkpoint">The signed note with the log's signature and every cosignature it holds.</param>
/// <param name="Added">How many cosignatures were new.</param>
public sealed record CosignResult(string Checkpoint, int Added);
