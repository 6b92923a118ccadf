// An exclusive advisory lock (flock on Unix, a share-none handle on Windows) on "accord.lock" in the data
// directory, held for the life of the server: two embedded servers writing the same SQLite files would
// interleave their grain state and log batches.
namespace Accord.Server.Storage;

/// <summary>Another Accord server holds the data directory.</summary>
public sealed class DataDirectoryInUseException(string message) : IOException(message);

/// <summary>The embedded server's hold on its data directory; released when disposed (or when the process ends).</summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name in the data directory.</summary>
    public const string FileName = "accord.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the data directory at <paramref name="directory"/> (creating it), or refuses because another server holds it.</summary>
    /// <exception cref="DataDirectoryInUseException">Another server, in this process or another, holds it.</exception>
    public static DataDirectoryLock Acquire(string directory)
    {
        var full = Path.GetFullPath(directory);
        Directory.CreateDirectory(full);
        var path = Path.Combine(full, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataDirectoryInUseException(
                $"the data directory '{full}' is in use by another Accord server; stop that server or give another --data");
        }

        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}
