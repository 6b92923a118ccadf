namespace Accord.Core.Keys;

/// <summary>
/// A key file could not be read or is not a valid accord-ed25519-key/v1 file. The message names
/// the file and the problem, never key bytes.
/// </summary>
public sealed class KeyFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyFileException()
        : this("The key file is not valid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public KeyFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public KeyFileException(string filePath, string problem, Exception? innerException = null)
        : base($"Key file '{filePath}': {problem}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception for a member of <paramref name="filePath"/> the format does not define (its message is <paramref name="unknown"/>'s).</summary>
    public KeyFileException(string filePath, Common.UnknownJsonFieldException unknown)
        : base(unknown?.Message, unknown)
    {
        FilePath = filePath;
    }

    /// <summary>The file concerned, when known.</summary>
    public string? FilePath { get; }
}
