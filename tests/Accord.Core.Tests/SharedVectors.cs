using Accord.Tests.Shared;

namespace Accord.Core.Tests;

/// <summary>The shared test vectors (<c>shared/vectors</c>, located by <see cref="SharedFolder"/>), never copied into the repository.</summary>
internal static class SharedVectors
{
    /// <summary>The absolute path of the shared vectors folder.</summary>
    public static string Directory => SharedFolder.PathOf("vectors");

    /// <summary>The absolute path of a file under the shared vectors folder.</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);
}
