using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation.Llm;

/// <summary>Why an LLM answer was refused.</summary>
public enum RefusalKind
{
    /// <summary>Not a single JSON object.</summary>
    MalformedJson,

    /// <summary>JSON, but not the schema: unknown or missing members, wrong types, an unknown action.</summary>
    SchemaViolation,

    /// <summary>An offer naming an unknown issue or a value outside an issue's domain, or missing an issue.</summary>
    OutOfDomain,

    /// <summary>An offer (or an acceptance) worth less to its own party than its reservation value, or breaking its constraints.</summary>
    BelowReservation,

    /// <summary>The public message reveals private preferences (a weight or the reservation value).</summary>
    LeaksPrivateInformation,

    /// <summary>An action the protocol does not allow now (e.g. accepting with no offer on the table).</summary>
    IllegalAction,

    /// <summary>The chat client failed (network, server error).</summary>
    ClientError,
}

/// <summary>A refused answer.</summary>
/// <param name="Step">The session step.</param>
/// <param name="Attempt">The attempt (from 1).</param>
/// <param name="Kind">Why.</param>
/// <param name="Reason">Why, in words (sent back to the model).</param>
/// <param name="Answer">The raw answer.</param>
public sealed record LlmRefusal(int Step, int Attempt, RefusalKind Kind, string Reason, string Answer);

/// <summary>A parsed, validated answer.</summary>
/// <param name="Action">What the model does.</param>
/// <param name="Offer">The offer, for "offer" (or a counter-proposal with "reject").</param>
/// <param name="Message">The public message.</param>
public sealed record LlmAnswer(ActionKind Action, Outcome? Offer, string Message);

/// <summary>
/// Parses and validates an LLM negotiator's answer against the strict schema
/// <c>{"action": "offer"|"accept"|"reject"|"end", "offer": {issue: value, ...} | null, "message": string}</c>
/// (no other members; <c>offer</c> gives every issue a value - a label, or a number within a numeric
/// range - and is required for "offer", optional for "reject", null otherwise), then against the
/// domain, the protocol and the party's own preferences. Leak check on the public message: refused when
/// it writes a number equal to one of the party's weights or its reservation value within the rounding
/// of the number as written (decimals such as 0.45 or .3, or percentages such as 45% or 45 percent that
/// are not themselves a value label of the domain), or when it uses the word weight, weighting,
/// reservation or reserve value together with any number.
/// </summary>
public static partial class LlmAnswerGuard
{
    /// <summary>
    /// Validates <paramref name="text"/>, the answer of party <paramref name="party"/> facing
    /// <paramref name="onTable"/> (the offer or mediator's text it may accept; null when there is none);
    /// returns the answer or throws <see cref="LlmRefusalException"/>.
    /// </summary>
    public static LlmAnswer Validate(string? text, NegotiationDomain domain, int party, Outcome? onTable)
    {
        ArgumentNullException.ThrowIfNull(domain);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text ?? string.Empty);
        }
        catch (JsonException ex)
        {
            throw new LlmRefusalException(RefusalKind.MalformedJson, $"The answer is not valid JSON ({ex.Message}). Answer with one JSON object only.");
        }
        catch (ArgumentException)
        {
            // A lone surrogate: the text is not valid UTF-16, so it has no UTF-8 for the JSON reader.
            throw new LlmRefusalException(RefusalKind.MalformedJson, "The answer is not valid Unicode text. Answer with one JSON object only.");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LlmRefusalException(RefusalKind.MalformedJson, "The answer must be one JSON object.");
            }

            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is not ("action" or "offer" or "message"))
                {
                    throw new LlmRefusalException(RefusalKind.SchemaViolation, $"Unknown member \"{p.Name}\": only action, offer and message are allowed.");
                }
            }

            if (!root.TryGetProperty("action", out var a) || a.ValueKind != JsonValueKind.String)
            {
                throw new LlmRefusalException(RefusalKind.SchemaViolation, "\"action\" must be a string: offer, accept, reject or end.");
            }

            if (!root.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.String)
            {
                throw new LlmRefusalException(RefusalKind.SchemaViolation, "\"message\" must be a string (it may be empty).");
            }

            var action = a.GetString() switch
            {
                "offer" => ActionKind.Offer,
                "accept" => ActionKind.Accept,
                "reject" => ActionKind.Reject,
                "end" => ActionKind.End,
                var other => throw new LlmRefusalException(RefusalKind.SchemaViolation, $"\"action\" is \"{other}\"; it must be offer, accept, reject or end."),
            };
            var hasOffer = root.TryGetProperty("offer", out var o) && o.ValueKind != JsonValueKind.Null;
            Outcome? offer = null;
            if (action == ActionKind.Offer && !hasOffer)
            {
                throw new LlmRefusalException(RefusalKind.SchemaViolation, "An \"offer\" action needs an \"offer\" object giving every issue a value.");
            }

            if (hasOffer && action is ActionKind.Accept or ActionKind.End)
            {
                throw new LlmRefusalException(RefusalKind.SchemaViolation, $"\"offer\" must be null with the action \"{a.GetString()}\".");
            }

            if (hasOffer)
            {
                offer = ParseOffer(o, domain);
            }

            var utility = domain.UtilityOf(party);
            if (offer is not null && !utility.IsAcceptable(offer))
            {
                throw new LlmRefusalException(
                    RefusalKind.BelowReservation,
                    utility.IsFeasible(offer) ? "That offer is worth less to you than no deal (your reservation value). Offer something better for you." : "That offer breaks one of your hard constraints.");
            }

            if (action == ActionKind.Accept)
            {
                var table = onTable;
                if (table is null)
                {
                    throw new LlmRefusalException(RefusalKind.IllegalAction, "There is no offer to accept: make an offer.");
                }

                if (!utility.IsAcceptable(table))
                {
                    throw new LlmRefusalException(RefusalKind.BelowReservation, "The offer on the table is worth less to you than no deal (your reservation value): do not accept it.");
                }
            }

            var message = m.GetString() ?? string.Empty;
            if (FindLeak(message, domain, party) is { } leak)
            {
                throw new LlmRefusalException(RefusalKind.LeaksPrivateInformation, $"The public message reveals private information ({leak}). Never state your weights or reservation value.");
            }

            return new LlmAnswer(action, offer, message);
        }
    }

    /// <summary>The reason <paramref name="message"/> leaks party <paramref name="party"/>'s private numbers, or null.</summary>
    public static string? FindLeak(string message, NegotiationDomain domain, int party)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(domain);
        var prefs = domain.Parties[party];
        var numbers = NumberPattern().Matches(message);
        if (numbers.Count > 0 && SecretWord().Match(message) is { Success: true } word)
        {
            return $"the word '{word.Value}' with a number";
        }

        var labels = new HashSet<string>(domain.Issues.SelectMany(i => i.Labels).Select(l => l.Replace(" ", string.Empty, StringComparison.Ordinal)), StringComparer.OrdinalIgnoreCase);
        var secrets = prefs.Weights.Select((w, i) => (value: w, what: $"the weight of {domain.Issues[i].Name}"))
            .Append((value: prefs.Reservation, what: "the reservation value"))
            .ToArray();
        foreach (Match n in numbers)
        {
            var digits = n.Groups["n"].Value;
            var percent = n.Groups["p"].Success;
            if (percent && labels.Contains(n.Value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("percent", "%", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var dot = digits.IndexOf('.', StringComparison.Ordinal);
            var decimals = dot < 0 ? 0 : digits.Length - dot - 1;
            if (!percent && decimals == 0)
            {
                continue;
            }

            var x = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (percent)
            {
                x /= 100;
                decimals += 2;
            }

            var half = 0.5 * Math.Pow(10, -decimals);
            foreach (var (value, what) in secrets)
            {
                if (Math.Abs(value - x) <= half + 1e-12)
                {
                    return $"'{n.Value.Trim()}' matches {what}";
                }
            }
        }

        return null;
    }

    private static Outcome ParseOffer(JsonElement o, NegotiationDomain domain)
    {
        if (o.ValueKind != JsonValueKind.Object)
        {
            throw new LlmRefusalException(RefusalKind.SchemaViolation, "\"offer\" must be an object mapping each issue name to a value.");
        }

        var values = new int[domain.Issues.Count];
        Array.Fill(values, -1);
        foreach (var p in o.EnumerateObject())
        {
            var i = domain.Issues.Select((issue, k) => (issue, k)).FirstOrDefault(x => x.issue.Name == p.Name, (null!, -1)).Item2;
            if (i < 0)
            {
                throw new LlmRefusalException(RefusalKind.OutOfDomain, $"\"{p.Name}\" is not an issue. The issues are: {string.Join(", ", domain.Issues.Select(x => x.Name))}.");
            }

            var text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => throw new LlmRefusalException(RefusalKind.SchemaViolation, $"The value of \"{p.Name}\" must be a string."),
            };
            var v = domain.Issues[i].Resolve(text);
            if (v < 0)
            {
                throw new LlmRefusalException(RefusalKind.OutOfDomain, $"\"{text}\" is not a value of \"{p.Name}\". Allowed: {string.Join(", ", domain.Issues[i].Labels)}.");
            }

            values[i] = v;
        }

        var missing = domain.Issues.Where((_, i) => values[i] < 0).Select(x => x.Name).ToArray();
        if (missing.Length > 0)
        {
            throw new LlmRefusalException(RefusalKind.OutOfDomain, $"The offer must give every issue a value; missing: {string.Join(", ", missing)}.");
        }

        return new Outcome(values);
    }

    [GeneratedRegex(@"(?<![\w.])(?<n>\d+(?:\.\d+)?|\.\d+)(?<p>\s*(?:%|percent\b))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b(weights?|weighting|weighted|reservation|reserve\s+value)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretWord();
}

/// <summary>An answer the guard refused.</summary>
public sealed class LlmRefusalException : Exception
{
    /// <summary>A refusal.</summary>
    public LlmRefusalException(RefusalKind kind, string reason)
        : base(reason)
    {
        Kind = kind;
    }

    /// <summary>A refusal (for serializers and analyzers).</summary>
    public LlmRefusalException()
        : this(RefusalKind.MalformedJson, "refused")
    {
    }

    /// <summary>A refusal with an inner exception.</summary>
    public LlmRefusalException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = RefusalKind.ClientError;
    }

    /// <summary>A refusal with a message.</summary>
    public LlmRefusalException(string message)
        : this(RefusalKind.MalformedJson, message)
    {
    }

    /// <summary>Why.</summary>
    public RefusalKind Kind { get; }
}
