namespace Accord.Transparency.Storage;

/// <summary>
/// A transparency log's storage read whole for an audit (`accord log audit --local`): every stored entry
/// with its stored leaf hash, and every signed checkpoint, as one consistent state.
/// </summary>
public interface ILogAuditSource : IDisposable
{
    /// <summary>Every stored entry with its stored leaf hash, in index order.</summary>
    IEnumerable<(long Index, byte[] Entry, byte[] LeafHash)> ReadAllEntries();

    /// <summary>Every stored checkpoint, smallest first.</summary>
    IEnumerable<(long TreeSize, string Note)> ReadCheckpoints();
}
