using System.Text.Json;
using System.Xml;
using Accord.Core.Registry;
using Accord.Grains.Abstractions.Negotiations;
using Accord.Negotiation;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Grains.Negotiations;

/// <summary>A session's spec, parsed: the domain, the engine's options and the seats with canonical agent names.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Options">Rounds, seed and protocol for <see cref="NegotiationRunner"/>.</param>
/// <param name="Seats">The seats, agent names lowercased.</param>
internal sealed record ParsedSession(NegotiationDomain Domain, ProtocolOptions Options, IReadOnlyList<NegotiationSeat> Seats);

/// <summary>Checks and parses session specs; refusals name the proto field at fault.</summary>
internal static class SessionSpecs
{
    /// <summary>The agent name of a human seat.</summary>
    public const string Human = "human";

    /// <summary>Rounds when the spec gives 0.</summary>
    public const int DefaultRounds = 100;

    /// <summary>The most rounds a session may have.</summary>
    public const int MaxRounds = 10_000;

    /// <summary>The agent names a seat may take.</summary>
    public static IReadOnlyList<string> SeatAgents { get; } = [.. AgentFactory.StrategyNames, Human];

    /// <summary>The parsed session, or the first thing wrong with the spec.</summary>
    /// <summary>What a session's domain costs to store: the UTF-8 bytes of its JSON, or of its GENIUS domain and profiles.</summary>
    public static long Bytes(NegotiationSessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        static long Utf8(string? text) => text is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(text);
        return Utf8(spec.DomainJson) + Utf8(spec.GeniusDomainXml) + spec.GeniusProfiles.Sum(p => Utf8(p.PartyName) + Utf8(p.Xml));
    }

    public static Outcome<ParsedSession> Parse(NegotiationSessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Rounds < 0 || spec.Rounds > MaxRounds)
        {
            return Invalid("INVALID_ARGUMENT", "options.rounds", $"rounds must be 1 to {MaxRounds} (0 means {DefaultRounds}); got {spec.Rounds}");
        }

        NegotiationDomain domain;
        try
        {
            if (spec.DomainJson is not null)
            {
                domain = DomainJson.Parse(spec.DomainJson);
            }
            else if (spec.GeniusDomainXml is not null)
            {
                for (var i = 0; i < spec.GeniusProfiles.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(spec.GeniusProfiles[i].PartyName))
                    {
                        return Invalid("MALFORMED_DOMAIN", $"genius.profiles[{i}].party_name", "every profile needs a party name");
                    }
                }

                domain = GeniusImporter.Parse(spec.GeniusDomainXml, spec.GeniusProfiles.Select(p => (p.PartyName, p.Xml)), null, string.IsNullOrEmpty(spec.GeniusName) ? null : spec.GeniusName);
            }
            else
            {
                return Invalid("MALFORMED_DOMAIN", "domain", "give the domain as domain_json or genius");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or XmlException or InvalidOperationException)
        {
            return Invalid("MALFORMED_DOMAIN", spec.DomainJson is not null ? "domain_json" : "genius", $"the domain does not parse: {e.Message}");
        }

        if (spec.Seats.Count != domain.Parties.Count)
        {
            return Invalid("SEAT_COUNT_MISMATCH", "seats",
                $"domain '{domain.Name}' has {domain.Parties.Count} parties ({string.Join(", ", domain.Parties.Select(p => p.Name))}); give one seat each, in that order (got {spec.Seats.Count})");
        }

        var seats = new List<NegotiationSeat>(spec.Seats.Count);
        var partyIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Seats.Count; i++)
        {
            var seat = spec.Seats[i];
            var agent = (seat.Agent ?? string.Empty).Trim().ToLowerInvariant();
            agent = agent is "tft" or "naive-tit-for-tat" ? "tit-for-tat" : agent;
            if (!SeatAgents.Contains(agent, StringComparer.Ordinal))
            {
                var hint = agent switch
                {
                    "mediator" => "; for the AI mediator set options.protocol to NEGOTIATION_PROTOCOL_MEDIATED",
                    "llm" => "; the LLM negotiator runs in the CLI (accord negotiate), not on the server",
                    _ => string.Empty,
                };
                return Invalid("UNKNOWN_AGENT", $"seats[{i}].agent", $"unknown agent '{seat.Agent}'; use one of {string.Join(", ", SeatAgents)}{hint}");
            }

            if (!Identifiers.IsValidSlug(seat.PartyId))
            {
                return Invalid("INVALID_ARGUMENT", $"seats[{i}].party_id", "must be 1 to 64 of [a-z0-9._-], starting with a letter or digit");
            }

            if (!partyIds.Add(seat.PartyId))
            {
                return Invalid("DUPLICATE_PARTY", $"seats[{i}].party_id", $"party '{seat.PartyId}' already holds another seat");
            }

            seats.Add(new NegotiationSeat { Agent = agent, PartyId = seat.PartyId });
        }

        var options = new ProtocolOptions
        {
            Protocol = spec.Protocol == NegotiationProtocolKind.Mediated ? ProtocolKind.SingleText : ProtocolKind.AlternatingOffers,
            MaxRounds = spec.Rounds == 0 ? DefaultRounds : spec.Rounds,
            Seed = spec.Seed,
        };
        return Outcome<ParsedSession>.Ok(new ParsedSession(domain, options, seats));
    }

    private static Rejection Invalid(string reason, string field, string message) =>
        Rejection.Of(RejectionCode.InvalidArgument, reason, message, field);
}
