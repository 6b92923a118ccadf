namespace Accord.Testing;

/// <summary>The repository the tests were built from: the directory holding Accord.sln, found by walking up from the test binaries.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() => Find(AppContext.BaseDirectory).FullName);

    /// <summary>The absolute path of the repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The absolute path of a file or folder in the repository (e.g. <c>scenarios/pause-treaty.json</c>).</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>The directory holding Accord.sln at or above <paramref name="start"/>.</summary>
    public static DirectoryInfo Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Accord.sln")))
            {
                return dir;
            }
        }

        throw new DirectoryNotFoundException($"No Accord.sln above '{start}'.");
    }
}
