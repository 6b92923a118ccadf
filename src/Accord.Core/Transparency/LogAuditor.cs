// Tamper evidence for a log's own storage: recompute every RFC 9162 leaf hash from the stored bytes,
// rebuild the tree, and check every stored C2SP checkpoint's signature and root against it.
using Accord.Core.Log;
using Accord.Core.Notes;

namespace Accord.Core.Transparency;

/// <summary>One thing in storage that no longer matches what the log signed.</summary>
public sealed record AuditFinding(long? Index, long? TreeSize, string Message);

/// <summary>What an audit read and what it found.</summary>
public sealed record AuditReport(long Entries, int Checkpoints, IReadOnlyList<AuditFinding> Findings)
{
    public bool Clean => Findings.Count == 0;
}

/// <summary>Audits stored entries and checkpoints against the log key.</summary>
public static class LogAuditor
{
    /// <param name="entries">Stored entries in index order, with the leaf hash stored beside each.</param>
    /// <param name="checkpoints">Stored signed checkpoints.</param>
    /// <param name="logKey">The log's verifier key.</param>
    public static AuditReport Audit(
        IEnumerable<(long Index, byte[] Entry, byte[] LeafHash)> entries,
        IEnumerable<(long TreeSize, string Note)> checkpoints,
        NoteVerifier logKey)
    {
        var findings = new List<AuditFinding>();
        var tree = new MerkleTree();
        foreach (var (index, entry, storedLeaf) in entries)
        {
            if (index != tree.Size)
            {
                findings.Add(new AuditFinding(tree.Size, null, $"entry {tree.Size} is missing (next stored index is {index})"));
                break;
            }

            var leaf = MerkleHash.Leaf(entry);
            if (!leaf.AsSpan().SequenceEqual(storedLeaf))
            {
                findings.Add(new AuditFinding(index, null, $"entry {index}: the stored bytes hash to {Convert.ToHexStringLower(leaf)}, not to the stored leaf hash {Convert.ToHexStringLower(storedLeaf)}"));
            }

            tree.Append(leaf);
        }

        var count = 0;
        foreach (var (size, note) in checkpoints)
        {
            count++;
            Checkpoint checkpoint;
            try
            {
                checkpoint = OfflineVerifier.VerifyCheckpoint(note, logKey);
            }
            catch (TransparencyVerificationException e)
            {
                findings.Add(new AuditFinding(null, size, $"checkpoint at size {size}: {e.Message}"));
                continue;
            }

            if (checkpoint.Size != size)
            {
                findings.Add(new AuditFinding(null, size, $"checkpoint stored under size {size} says size {checkpoint.Size}"));
            }
            else if (size > tree.Size)
            {
                findings.Add(new AuditFinding(null, size, $"checkpoint at size {size}: only {tree.Size} entries are stored"));
            }
            else if (!tree.RootAt(size).AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                findings.Add(new AuditFinding(null, size,
                    $"checkpoint at size {size}: the stored entries no longer hash to its root {Convert.ToHexStringLower(checkpoint.RootHash)}"));
            }
        }

        return new AuditReport(tree.Size, count, findings);
    }
}
