namespace Accord.Core.Tests;

/// <summary>
/// Locates the shared test vectors, which live outside the repository and are never copied
/// into it: find the repository root (the directory holding Accord.sln) by walking up from
/// the test binaries, then use <c>&lt;repo&gt;/../shared/vectors</c>. A git worktree kept one
/// level further down (e.g. <c>/work/wt/trust</c>) finds the same folder higher up, so the walk
/// continues past the repository root. ACCORD_SHARED_VECTORS, when set, overrides the search.
/// </summary>
internal static class SharedVectors
{
    private const string EnvironmentVariable = "ACCORD_SHARED_VECTORS";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The absolute path of the shared vectors folder.</summary>
    public static string Directory => Root.Value;

    /// <summary>The absolute path of a file under the shared vectors folder.</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return System.IO.Directory.Exists(overridden)
                ? Path.GetFullPath(overridden)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} names '{overridden}', which does not exist.");
        }

        var repo = FindRepositoryRoot(AppContext.BaseDirectory);
        for (var dir = repo.Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vectors");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/vectors folder beside or above the repository at '{repo.FullName}'. Set {EnvironmentVariable}.");
    }

    private static DirectoryInfo FindRepositoryRoot(string start)
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
