using Accord.Negotiation.Domains;
using Accord.Protos.V1;

namespace Accord.Cli.Commands;

/// <summary>
/// What `accord session create` sends, from what the user typed: the domain as `accord negotiate --domain` takes it (a
/// native JSON file, or a GENIUS folder read as <see cref="GeniusImporter.ReadFolder"/> reads it) and the seats
/// (`PARTY` for a human seat, `PARTY=AGENT` for an agent's). The server judges the domain and the seats
/// (docs/negotiation.md, "NegotiationService"); only what cannot be sent at all is refused here.
/// </summary>
public static class SessionSpecs
{
    /// <summary>The agent of a seat given as a party id alone.</summary>
    public const string Human = "human";

    /// <summary>Puts the domain at <paramref name="path"/> into <paramref name="creation"/>, as its text: JSON, or the GENIUS domain and profiles.</summary>
    public static void SetDomain(SessionCreation creation, string path)
    {
        ArgumentNullException.ThrowIfNull(creation);
        if (Directory.Exists(path))
        {
            GeniusTexts texts;
            try
            {
                texts = GeniusImporter.ReadFolder(path);
            }
            catch (InvalidOperationException e)
            {
                throw new CliFailure($"--domain: {path}: {e.Message}");
            }
            catch (FileNotFoundException e)
            {
                throw new CliFailure($"--domain: {e.Message}");
            }

            var genius = new GeniusDomain { DomainXml = texts.DomainXml, Name = texts.Name ?? "" };
            genius.Profiles.AddRange(texts.Profiles.Select(p => new GeniusProfile { PartyName = p.Name, Xml = p.Xml }));
            creation.Genius = genius;
            return;
        }

        creation.DomainJson = File.Exists(path)
            ? File.ReadAllText(path)
            : throw new CliFailure($"--domain: '{path}' is neither a domain file nor a folder");
    }

    /// <summary>One seat per `--seat`, in the order given (the domain's party order): `PARTY` is a human seat, `PARTY=AGENT` an agent's.</summary>
    public static IReadOnlyList<Seat> Seats(IReadOnlyList<string> typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        if (typed.Count == 0)
        {
            throw new CliFailure("--seat: give one seat per party of the domain, in its party order (PARTY for a human seat, PARTY=AGENT for an agent)");
        }

        return [.. typed.Select(Seat)];
    }

    private static Seat Seat(string typed)
    {
        var cut = typed.IndexOf('=', StringComparison.Ordinal);
        var party = cut < 0 ? typed : typed[..cut];
        var agent = cut < 0 ? Human : typed[(cut + 1)..];
        if (agent.Length == 0)
        {
            throw new CliFailure($"--seat: '{typed}' names no agent after '=' (PARTY for a human seat, PARTY=AGENT for an agent: boulware, linear, conceder, tit-for-tat, micro)");
        }

        return new Seat { PartyId = CommonOptions.PartyId(party, "--seat"), Agent = agent };
    }

    /// <summary>The protocol `--protocol` names.</summary>
    public static NegotiationProtocol Protocol(string typed) => typed.ToLowerInvariant() switch
    {
        "alternating" or "alternating-offers" => NegotiationProtocol.AlternatingOffers,
        "mediated" => NegotiationProtocol.Mediated,
        _ => throw new CliFailure($"--protocol: '{typed}' is not one of alternating, mediated"),
    };

    /// <summary>`issue=value` pairs as an offer; an issue given twice, or a pair without '=', is refused.</summary>
    public static IReadOnlyDictionary<string, string> Offer(IReadOnlyList<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var offer = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var cut = pair.IndexOf('=', StringComparison.Ordinal);
            if (cut <= 0)
            {
                throw new CliFailure($"'{pair}' is not ISSUE=VALUE (quote an issue or value with spaces: \"Pause length (months)=6\")");
            }

            if (!offer.TryAdd(pair[..cut], pair[(cut + 1)..]))
            {
                throw new CliFailure($"issue '{pair[..cut]}' is given twice");
            }
        }

        return offer.Count > 0 ? offer : throw new CliFailure("give the offer as ISSUE=VALUE, one per issue of the domain");
    }
}
