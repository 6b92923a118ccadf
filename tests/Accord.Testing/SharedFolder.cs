namespace Accord.Testing;

/// <summary>
/// One locator for every test project: the shared files that live outside the repository and are never copied into it
/// (<c>../shared/domains</c>, <c>../shared/vectors</c>): find the repository root (the directory holding
/// Accord.sln) by walking up from the test binaries, then the first <c>shared</c> folder beside it or
/// above it (a worktree such as <c>/work/wt/negsvc</c> finds <c>/work/shared</c>). ACCORD_SHARED, when
/// set, names the shared folder instead.
/// </summary>
public static class SharedFolder
{
    private const string EnvironmentVariable = "ACCORD_SHARED";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The absolute path of the shared folder.</summary>
    public static string Directory => Root.Value;

    /// <summary>The absolute path of a file or folder under the shared folder.</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    /// <summary>The absolute path of a file or folder under <c>shared/vectors</c> (the folder itself without arguments).</summary>
    public static string Vector(params string[] relative) => PathOf(["vectors", .. relative]);

    /// <summary>The absolute path of a file or folder under <c>shared/domains</c> (the folder itself without arguments).</summary>
    public static string Domain(params string[] relative) => PathOf(["domains", .. relative]);

    /// <summary>The PauseTreaty GENIUS folder (<c>shared/domains/genius/PauseTreaty</c>).</summary>
    public static string PauseTreaty => Domain("genius", "PauseTreaty");

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return System.IO.Directory.Exists(overridden)
                ? Path.GetFullPath(overridden)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} names '{overridden}', which does not exist.");
        }

        var repo = Repository.Find(AppContext.BaseDirectory);
        for (var dir = repo.Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "domains")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/domains folder beside or above the repository at '{repo.FullName}'. Set {EnvironmentVariable}.");
    }
}
