using Accord.Negotiation.Domains;
using Accord.Testing;

namespace Accord.Negotiation.Tests;

internal static class TestDomains
{
    private static readonly Lazy<NegotiationDomain> PauseTreatyDomain = new(() => GeniusImporter.LoadFolder(SharedFolder.PauseTreaty));

    /// <summary>PauseTreaty from the shared GENIUS files (parties ConcernedState, FrontierLab in file order).</summary>
    public static NegotiationDomain PauseTreaty => PauseTreatyDomain.Value;

    /// <summary>The path of a test data file.</summary>
    public static string DataPath(params string[] relative) => Path.Combine([AppContext.BaseDirectory, "Data", .. relative]);
}
