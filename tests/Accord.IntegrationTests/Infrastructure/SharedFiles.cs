using Accord.Tests.Shared;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Files in the shared folder beside the repository (located by <see cref="SharedFolder"/>).</summary>
public static class SharedFiles
{
    /// <summary>The absolute path of the shared folder.</summary>
    public static string Directory => SharedFolder.Directory;

    /// <summary>The absolute path of a file or folder under the shared folder.</summary>
    public static string PathOf(params string[] relative) => SharedFolder.PathOf(relative);

    /// <summary>The PauseTreaty GENIUS folder.</summary>
    public static string PauseTreaty => PathOf("domains", "genius", "PauseTreaty");
}
