using System.Xml;
using Accord.Negotiation.Enforcement;

namespace Accord.Negotiation.Domains;

/// <summary>
/// A folder of GENIUS XML files as published (ANAC's layouts included: <c>holiday.xml</c> beside
/// <c>holiday-Profile1.xml</c>, or <c>PauseTreaty-domain.xml</c> beside <c>PauseTreaty-FrontierLab.xml</c>), its files
/// told apart by content, not name: the domain file's root element is <c>negotiation_template</c>, a profile's is
/// <c>utility_space</c>. A folder with no <c>negotiation_template</c> may hold its domain as a bare <c>utility_space</c>
/// in the one file whose name contains "domain".
/// </summary>
/// <param name="Folder">The folder.</param>
/// <param name="DomainFile">The domain file's path.</param>
/// <param name="ProfileFiles">The profiles' paths, in ordinal file-name order.</param>
public sealed record GeniusFolder(string Folder, string DomainFile, IReadOnlyList<string> ProfileFiles)
{
    private const string DomainRoot = "negotiation_template";
    private const string ProfileRoot = "utility_space";

    /// <summary>Finds the domain file and the profiles in <paramref name="folder"/> by their root elements.</summary>
    /// <exception cref="FormatException">No domain file or several, a file that is neither, or no profile.</exception>
    public static GeniusFolder Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var files = Directory.GetFiles(folder, "*.xml").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        var roots = files.Select(f => (File: f, Root: RootOf(f))).ToList();
        var strangers = roots.Where(r => r.Root is not DomainRoot and not ProfileRoot).ToList();
        if (strangers.Count > 0)
        {
            throw new FormatException($"'{folder}': {string.Join(", ", strangers.Select(s => $"{Path.GetFileName(s.File)} (root <{s.Root}>)"))} is neither a GENIUS domain (<{DomainRoot}>) nor a profile (<{ProfileRoot}>)");
        }

        var domains = roots.Where(r => r.Root == DomainRoot).Select(r => r.File).ToList();
        if (domains.Count == 0)
        {
            // A bare utility_space domain, named as such.
            domains = files.Where(f => Path.GetFileName(f).Contains("domain", StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (domains.Count != 1)
        {
            throw new FormatException(domains.Count == 0
                ? $"'{folder}' holds no GENIUS domain file (root <{DomainRoot}>, or a *domain*.xml)"
                : $"'{folder}' holds {domains.Count} GENIUS domain files ({string.Join(", ", domains.Select(Path.GetFileName))}); keep one per folder");
        }

        var profiles = files.Where(f => f != domains[0]).ToList();
        if (profiles.Count == 0)
        {
            throw new FormatException($"'{folder}' holds the domain {Path.GetFileName(domains[0])} but no profile (root <{ProfileRoot}>)");
        }

        return new GeniusFolder(folder, domains[0], profiles);
    }

    /// <summary>
    /// The profiles that sit at a table of <paramref name="seats"/> (null: as many as there are): the ones
    /// <paramref name="chosen"/> names (file names, in the order given), else all of them when they are not more than the seats.
    /// </summary>
    /// <exception cref="FormatException">A chosen name is none of the profiles or is named twice; or none were chosen and the folder holds more profiles than seats.</exception>
    public IReadOnlyList<string> Seat(IReadOnlyList<string>? chosen, int? seats = null)
    {
        if (chosen is null or { Count: 0 })
        {
            if (seats is { } n && ProfileFiles.Count > n)
            {
                throw new FormatException($"'{Folder}' holds {ProfileFiles.Count} profiles ({Found}) for {n} agents; choose {n} with --profiles, e.g. --profiles {string.Join(',', ProfileFiles.Take(n).Select(Path.GetFileName))}");
            }

            return ProfileFiles;
        }

        var seated = new List<string>();
        foreach (var name in chosen)
        {
            var file = ProfileFiles.FirstOrDefault(f => string.Equals(Path.GetFileName(f), Path.GetFileName(name), StringComparison.Ordinal))
                ?? throw new FormatException($"--profiles: '{name}' is not a profile in '{Folder}'; the profiles are {Found}");
            if (seated.Contains(file))
            {
                throw new FormatException($"--profiles: '{name}' is named twice");
            }

            seated.Add(file);
        }

        return seated;
    }

    /// <summary>The domain with the profiles <see cref="Seat"/> gives (parties in that order).</summary>
    public NegotiationDomain Load(IReadOnlyList<string>? chosen = null, int? seats = null, EnforcementModel? enforcement = null) =>
        GeniusImporter.Load(DomainFile, Seat(chosen, seats), enforcement);

    private string Found => string.Join(", ", ProfileFiles.Select(Path.GetFileName));

    // The name of the document element; "not XML" when there is none to read.
    private static string RootOf(string file)
    {
        try
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            return reader.MoveToContent() == XmlNodeType.Element ? reader.LocalName : "none";
        }
        catch (XmlException)
        {
            return "not XML";
        }
    }
}
