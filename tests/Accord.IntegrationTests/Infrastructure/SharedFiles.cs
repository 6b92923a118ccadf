namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Finds files in ../shared beside the repository (or $ACCORD_SHARED_VECTORS/..), never copied into the repo.</summary>
public static class SharedFiles
{
    public static string Path(string relative)
    {
        if (Environment.GetEnvironmentVariable("ACCORD_SHARED_VECTORS") is { Length: > 0 } vectors)
        {
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(vectors.TrimEnd('/'))!, relative);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/{relative} was not found beside the repository");
    }
}
