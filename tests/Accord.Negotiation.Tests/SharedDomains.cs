using Accord.Tests.Shared;

namespace Accord.Negotiation.Tests;

/// <summary>The shared negotiation domains (<c>shared/domains</c>, located by <see cref="SharedFolder"/>), never copied into the repository.</summary>
internal static class SharedDomains
{
    /// <summary>The absolute path of the shared domains folder.</summary>
    public static string Directory => SharedFolder.PathOf("domains");

    /// <summary>The absolute path of a file or folder under the shared domains folder.</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    /// <summary>The PauseTreaty GENIUS folder.</summary>
    public static string PauseTreaty => PathOf("genius", "PauseTreaty");
}
