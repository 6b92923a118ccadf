// RFC 9162 sections 2.1.3.2 and 2.1.4.2: the ways an inclusion or consistency proof fails.
namespace Accord.Core.Log;

/// <summary>
/// A Merkle inclusion or consistency proof did not verify, or its inputs are malformed (sizes out
/// of range, hashes not 32 bytes, a proof of the wrong length). The message says which.
/// </summary>
public sealed class MerkleProofException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MerkleProofException()
        : this("The Merkle proof does not verify.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public MerkleProofException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MerkleProofException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
