using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Accord.Negotiation.Enforcement;

namespace Accord.Negotiation.Domains;

/// <summary>
/// Imports GENIUS XML domains and utility profiles (the ANAC format, as NegMAS reads it).
/// A domain file (<c>negotiation_template</c> or a bare <c>utility_space</c>) lists an
/// <c>objective</c> with <c>issue</c>s; a discrete issue lists <c>item</c>s with a <c>value</c>
/// each; an integer or real issue gives <c>lowerbound</c> and <c>upperbound</c>. A profile repeats the
/// issues, with an <c>evaluation</c> per item (the party's value for an item is evaluation / the
/// issue's largest evaluation), one <c>weight index=...</c> per issue (matched by the issue's
/// <c>index</c>), <c>discount_factor</c> (0 or 1 mean none) and <c>reservation</c> (0 when absent).
/// A numeric issue's profile carries an <c>evaluator ftype="linear"</c> with <c>slope</c> and
/// <c>offset</c> (or <c>lowerbound</c>/<c>upperbound</c> utilities at the bounds), normalized the
/// same way; a real issue is negotiated on <see cref="Issue.DefaultRealSteps"/> points.
/// </summary>
public static class GeniusImporter
{
    /// <summary>
    /// Loads a folder holding one domain file and its profiles, told apart by content (<see cref="GeniusFolder"/>), every
    /// profile a party, in ordinal file-name order. A party is named after its profile file, less the extension and
    /// less the domain file's stem (its name before "domain", or all of it) and a following '-' or '_'.
    /// </summary>
    public static NegotiationDomain LoadFolder(string folder, EnforcementModel? enforcement = null) =>
        GeniusFolder.Read(folder).Load(enforcement: enforcement);

    /// <summary>
    /// The texts of a GENIUS folder as <see cref="LoadFolder"/> reads them (the domain file, each profile under its
    /// party name, in ordinal file-name order, and the domain's name), unparsed: what a client sends the server.
    /// </summary>
    public static GeniusTexts ReadFolder(string folder, IReadOnlyList<string>? chosen = null, int? seats = null)
    {
        var found = GeniusFolder.Read(folder);
        return Read(found.DomainFile, found.Seat(chosen, seats));
    }

    /// <summary>Loads a domain file and its profiles (parties in the order given).</summary>
    public static NegotiationDomain Load(string domainPath, IEnumerable<string> profilePaths, EnforcementModel? enforcement = null)
    {
        var texts = Read(domainPath, profilePaths);
        return Parse(texts.DomainXml, texts.Profiles, enforcement, texts.Name);
    }

    private static GeniusTexts Read(string domainPath, IEnumerable<string> profilePaths)
    {
        ArgumentNullException.ThrowIfNull(profilePaths);
        var stem = Path.GetFileNameWithoutExtension(domainPath);
        var cut = stem.IndexOf("domain", StringComparison.OrdinalIgnoreCase);

        // "PauseTreaty-domain" names the domain PauseTreaty and its parties PauseTreaty-<party>; "holiday" (ANAC 2015) holiday-<party>.
        var domainName = (cut >= 0 ? stem[..cut] : stem).TrimEnd('-', '_');
        var profiles = profilePaths.Select(p => (PartyName(Path.GetFileNameWithoutExtension(p), domainName), File.ReadAllText(p))).ToArray();
        return new GeniusTexts(File.ReadAllText(domainPath), profiles, domainName.Length > 0 ? domainName : null);
    }

    // The profile's file name less the domain's name and one '-' or '_' after it (the whole name when nothing would be left).
    private static string PartyName(string profile, string domainName)
    {
        if (domainName.Length == 0 || !profile.StartsWith(domainName, StringComparison.Ordinal))
        {
            return profile;
        }

        var rest = profile[domainName.Length..];
        rest = rest.Length > 0 && rest[0] is '-' or '_' ? rest[1..] : rest;
        return rest.Length > 0 ? rest : profile;
    }

    /// <summary>Parses a domain's XML text and named profiles' XML texts.</summary>
    public static NegotiationDomain Parse(string domainXml, IEnumerable<(string Name, string Xml)> profiles, EnforcementModel? enforcement = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var objective = Objective(Read(domainXml));
        var issueElements = objective.Elements("issue").ToArray();
        var issues = issueElements.Select(ParseIssue).ToArray();
        var issueIds = issueElements.Select(e => (string?)e.Attribute("index") ?? string.Empty).ToArray();
        var parties = profiles.Select(p => ParseProfile(p.Name, Read(p.Xml), issues, issueIds)).ToArray();
        return new NegotiationDomain(name ?? (string?)objective.Attribute("name") ?? "domain", issues, parties, enforcement);
    }

    private static XDocument Read(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader);
    }

    private static XElement Objective(XDocument doc) =>
        doc.Descendants("objective").FirstOrDefault() ?? throw new FormatException("No <objective> element.");

    private static Issue ParseIssue(XElement e)
    {
        var name = (string?)e.Attribute("name") ?? throw new FormatException("An <issue> has no name.");
        var type = ((string?)e.Attribute("etype") ?? (string?)e.Attribute("type") ?? "discrete").ToLowerInvariant();
        switch (type)
        {
            case "discrete":
                return Issue.Discrete(name, e.Elements("item").Select(i => (string?)i.Attribute("value") ?? throw new FormatException($"An item of '{name}' has no value.")));
            case "integer":
                return Issue.Integer(name, (long)Number(e, "lowerbound"), (long)Number(e, "upperbound"));
            case "real":
                return Issue.Real(name, Number(e, "lowerbound"), Number(e, "upperbound"));
            default:
                throw new FormatException($"Issue '{name}' has the unsupported type '{type}'.");
        }
    }

    private static PartyPreferences ParseProfile(string party, XDocument doc, Issue[] issues, string[] issueIds)
    {
        var objective = Objective(doc);
        var elements = objective.Elements("issue").ToArray();
        if (elements.Length != issues.Length)
        {
            throw new FormatException($"Profile '{party}' has {elements.Length} issues; the domain has {issues.Length}.");
        }

        var weights = new double[issues.Length];
        var values = new ValueFunction[issues.Length];
        var weightByIndex = objective.Elements("weight").ToDictionary(w => (string?)w.Attribute("index") ?? string.Empty, w => Number(w, "value"), StringComparer.Ordinal);
        for (var i = 0; i < issues.Length; i++)
        {
            var e = elements.SingleOrDefault(x => (string?)x.Attribute("name") == issues[i].Name)
                ?? throw new FormatException($"Profile '{party}' lacks issue '{issues[i].Name}'.");
            var id = (string?)e.Attribute("index") ?? issueIds[i];
            weights[i] = weightByIndex.TryGetValue(id, out var w) ? w : throw new FormatException($"Profile '{party}' has no weight for issue '{issues[i].Name}'.");
            values[i] = issues[i].Kind == IssueKind.Discrete ? DiscreteValues(party, issues[i], e) : NumericValues(party, issues[i], e);
        }

        var discount = doc.Descendants("discount_factor").Select(d => Number(d, "value")).FirstOrDefault(1.0);
        var reservation = doc.Descendants("reservation").Select(d => Number(d, "value")).FirstOrDefault(0.0);
        return new PartyPreferences(party, weights, values, reservation, discount is <= 0 or > 1 ? 1.0 : discount, []);
    }

    private static TableValueFunction DiscreteValues(string party, Issue issue, XElement e)
    {
        var raw = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in e.Elements("item"))
        {
            var label = (string?)item.Attribute("value") ?? throw new FormatException($"An item of '{issue.Name}' has no value.");
            if (issue.IndexOf(label) < 0)
            {
                throw new FormatException($"Profile '{party}' values '{label}' of '{issue.Name}', which the domain does not list.");
            }

            raw[label] = item.Attribute("evaluation") is null ? 0 : Number(item, "evaluation");
        }

        var max = raw.Count == 0 ? 0 : raw.Values.Max();
        return new TableValueFunction(raw.ToDictionary(kv => kv.Key, kv => max > 0 ? kv.Value / max : 0.0, StringComparer.Ordinal));
    }

    private static TableValueFunction NumericValues(string party, Issue issue, XElement e)
    {
        var ev = e.Element("evaluator") ?? throw new FormatException($"Profile '{party}' has no evaluator for '{issue.Name}'.");
        var lo = issue.Min!.Value;
        var hi = issue.Max!.Value;
        Func<double, double> f;
        if (ev.Attribute("slope") is not null)
        {
            var slope = Number(ev, "slope");
            var offset = ev.Attribute("offset") is null ? 0 : Number(ev, "offset");
            f = x => (slope * x) + offset;
        }
        else
        {
            var atLo = Number(ev, "lowerbound");
            var atHi = Number(ev, "upperbound");
            f = x => hi > lo ? atLo + ((atHi - atLo) * (x - lo) / (hi - lo)) : atHi;
        }

        var raw = issue.Numbers.Select(x => f(x!.Value)).ToArray();
        var max = raw.Max();
        return new TableValueFunction(issue.Labels.Select((l, i) => (l, v: max > 0 ? raw[i] / max : 0.0)).ToDictionary(x => x.l, x => x.v, StringComparer.Ordinal));
    }

    private static double Number(XElement e, string attribute)
    {
        var text = (string?)e.Attribute(attribute) ?? throw new FormatException($"<{e.Name}> lacks '{attribute}'.");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new FormatException($"<{e.Name} {attribute}=\"{text}\"> is not a number.");
    }
}
