namespace Accord.Testing;

/// <summary>A fresh directory under the temp folder, deleted (best effort) on dispose.</summary>
public sealed class TempDirectory(string prefix = "accord-test-") : IDisposable
{
    /// <summary>The directory's absolute path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The absolute path of a file or folder inside the directory (not created).</summary>
    public string File(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    public override string ToString() => Path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a process that still holds a file (a killed silo's log, a pooled SQLite handle) must not fail the test.
        }
    }
}
