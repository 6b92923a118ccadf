using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Accord.Core.Common;
using Accord.Negotiation.Enforcement;

namespace Accord.Negotiation.Domains;

/// <summary>
/// Accord's native domain format (<c>accord-negotiation-domain/1</c>): the issues, every party's
/// preferences and the inspection game in one UTF-8 JSON file. Reading is strict: unknown members
/// (with their line, through Core's <see cref="StrictJson"/>), missing required members and wrong types are refused with the JSON path. <see cref="Write"/>
/// emits the canonical bytes documented in docs/negotiation.md (members in a fixed order, optional
/// members at their default left out, two-space indentation, LF line ends, no BOM, a final LF).
/// </summary>
public static class DomainJson
{
    /// <summary>The value of the <c>format</c> member.</summary>
    public const string Format = "accord-negotiation-domain/1";

    /// <summary>Reads a domain file.</summary>
    /// <exception cref="UnknownJsonFieldException">A member the format does not define, named with <paramref name="path"/> and its line.</exception>
    public static NegotiationDomain Load(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (UnknownJsonFieldException e)
        {
            throw e.InFile(path);
        }
    }

    /// <summary>Parses a domain from UTF-8 JSON text.</summary>
    public static NegotiationDomain Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>Parses a domain from UTF-8 JSON bytes.</summary>
    public static NegotiationDomain Parse(ReadOnlySpan<byte> utf8)
    {
        // JsonDocument checks the structure but not the UTF-8 inside names and strings, which would throw only when read.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new FormatException("The domain is not valid UTF-8.");
        }

        using var doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return ParseRoot(doc.RootElement);
        }
        catch (UnknownJsonFieldException e)
        {
            throw e.AtLineIn(utf8);
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement's own refusal of a value of the wrong kind where a helper did not check it first.
            throw new FormatException($"A member has the wrong JSON type: {ex.Message}", ex);
        }
    }

    private static NegotiationDomain ParseRoot(JsonElement root)
    {
        Members(root, "$", "format", "name", "issues", "parties", "enforcement");
        var format = Str(Req(root, "$", "format"), "$.format");
        if (format != Format)
        {
            throw new FormatException($"$.format is '{format}'; expected '{Format}'.");
        }

        var name = Str(Req(root, "$", "name"), "$.name");
        var issues = Arr(Req(root, "$", "issues"), "$.issues").Select((e, i) => ParseIssue(e, $"$.issues[{i}]")).ToArray();
        var parties = Arr(Req(root, "$", "parties"), "$.parties").Select((e, i) => ParseParty(e, $"$.parties[{i}]", issues)).ToArray();
        var enforcement = root.TryGetProperty("enforcement", out var enf) ? ParseEnforcement(enf, "$.enforcement") : null;
        try
        {
            return new NegotiationDomain(name, issues, parties, enforcement);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>The canonical bytes of <paramref name="domain"/>.</summary>
    public static byte[] Write(NegotiationDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("name", domain.Name);
            w.WriteStartArray("issues");
            foreach (var issue in domain.Issues)
            {
                WriteIssue(w, issue);
            }

            w.WriteEndArray();
            w.WriteStartArray("parties");
            foreach (var p in domain.Parties)
            {
                WriteParty(w, domain, p);
            }

            w.WriteEndArray();
            if (domain.Enforcement is { } e)
            {
                WriteEnforcement(w, e);
            }

            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static Issue ParseIssue(JsonElement e, string path)
    {
        var type = Str(Req(e, path, "type"), path + ".type");
        var name = Str(Req(e, path, "name"), path + ".name");
        try
        {
            switch (type)
            {
                case "discrete":
                    Members(e, path, "name", "type", "values", "numbers");
                    var labels = Arr(Req(e, path, "values"), path + ".values").Select((v, i) => Str(v, $"{path}.values[{i}]")).ToArray();
                    var numbers = e.TryGetProperty("numbers", out var nums)
                        ? Arr(nums, path + ".numbers").Select((v, i) => v.ValueKind == JsonValueKind.Null ? (double?)null : Num(v, $"{path}.numbers[{i}]")).ToArray()
                        : null;
                    return Issue.Discrete(name, labels, numbers);
                case "integer":
                    Members(e, path, "name", "type", "min", "max", "steps");
                    return Issue.Integer(name, Int64(Req(e, path, "min"), path + ".min"), Int64(Req(e, path, "max"), path + ".max"), OptInt(e, path, "steps"));
                case "real":
                    Members(e, path, "name", "type", "min", "max", "steps", "scale");
                    var scale = e.TryGetProperty("scale", out var s) ? Str(s, path + ".scale") : "linear";
                    return Issue.Real(
                        name,
                        Num(Req(e, path, "min"), path + ".min"),
                        Num(Req(e, path, "max"), path + ".max"),
                        OptInt(e, path, "steps"),
                        scale switch
                        {
                            "linear" => IssueScale.Linear,
                            "log" => IssueScale.Log,
                            _ => throw new FormatException($"{path}.scale must be \"linear\" or \"log\"."),
                        });
                default:
                    throw new FormatException($"{path}.type must be \"discrete\", \"integer\" or \"real\" (got \"{type}\").");
            }
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static PartyPreferences ParseParty(JsonElement e, string path, Issue[] issues)
    {
        Members(e, path, "name", "reservation", "discount", "weights", "values", "constraints");
        var name = Str(Req(e, path, "name"), path + ".name");
        var weightsEl = Req(e, path, "weights");
        var valuesEl = Req(e, path, "values");
        Members(weightsEl, path + ".weights", issues.Select(i => i.Name).ToArray());
        Members(valuesEl, path + ".values", issues.Select(i => i.Name).ToArray());
        var weights = issues.Select(i => Num(Req(weightsEl, path + ".weights", i.Name), $"{path}.weights[\"{i.Name}\"]")).ToArray();
        var values = issues.Select(i => ParseValueFunction(Req(valuesEl, path + ".values", i.Name), $"{path}.values[\"{i.Name}\"]", i)).ToArray();
        var constraints = e.TryGetProperty("constraints", out var cs)
            ? Arr(cs, path + ".constraints").Select((c, k) => ParseConstraint(c, $"{path}.constraints[{k}]", issues)).ToArray()
            : [];
        var reservation = e.TryGetProperty("reservation", out var r) ? Num(r, path + ".reservation") : 0.0;
        var discount = e.TryGetProperty("discount", out var d) ? Num(d, path + ".discount") : 1.0;
        return new PartyPreferences(name, weights, values, reservation, discount, constraints);
    }

    private static ValueFunction ParseValueFunction(JsonElement e, string path, Issue issue)
    {
        var type = Str(Req(e, path, "type"), path + ".type");
        ValueFunction f;
        switch (type)
        {
            case "table":
                Members(e, path, "type", "values");
                var table = Req(e, path, "values");
                if (table.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{path}.values must be an object.");
                }

                var entries = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var p in table.EnumerateObject())
                {
                    if (!entries.TryAdd(p.Name, Num(p.Value, $"{path}.values[\"{p.Name}\"]")))
                    {
                        throw new FormatException($"{path}.values names \"{p.Name}\" more than once.");
                    }
                }

                f = new TableValueFunction(entries);
                break;
            case "linear":
                Members(e, path, "type", "direction");
                f = Str(Req(e, path, "direction"), path + ".direction") switch
                {
                    "increasing" => new LinearValueFunction(true),
                    "decreasing" => new LinearValueFunction(false),
                    _ => throw new FormatException($"{path}.direction must be \"increasing\" or \"decreasing\"."),
                };
                break;
            case "peak":
                Members(e, path, "type", "at");
                f = new PeakValueFunction(Num(Req(e, path, "at"), path + ".at"));
                break;
            default:
                throw new FormatException($"{path}.type must be \"table\", \"linear\" or \"peak\" (got \"{type}\").");
        }

        try
        {
            f.Evaluate(issue);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }

        return f;
    }

    private static IssueConstraint ParseConstraint(JsonElement e, string path, Issue[] issues)
    {
        Members(e, path, "issue", "allowed", "min", "max");
        var issue = Str(Req(e, path, "issue"), path + ".issue");
        var target = issues.FirstOrDefault(i => i.Name == issue) ?? throw new FormatException($"{path}.issue names '{issue}', which is not an issue.");
        var allowed = e.TryGetProperty("allowed", out var a) ? Arr(a, path + ".allowed").Select((v, i) => Str(v, $"{path}.allowed[{i}]")).ToArray() : null;
        foreach (var label in allowed ?? [])
        {
            if (target.IndexOf(label) < 0)
            {
                throw new FormatException($"{path}.allowed names '{label}', which is not a value of '{issue}'.");
            }
        }

        return new IssueConstraint(issue, allowed, OptNum(e, path, "min"), OptNum(e, path, "max"));
    }

    private static EnforcementModel ParseEnforcement(JsonElement e, string path)
    {
        Members(e, path, "coverage", "notice", "sanction", "chips", "cheatingChips", "concealmentHalfLifeHours", "gains", "defaultGain");
        var d = EnforcementModel.Default;
        var gains = new Dictionary<string, GainSource>(StringComparer.Ordinal);
        if (e.TryGetProperty("gains", out var g))
        {
            if (g.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path}.gains must be an object.");
            }

            foreach (var p in g.EnumerateObject())
            {
                gains[p.Name] = ParseGain(p.Value, $"{path}.gains[\"{p.Name}\"]");
            }
        }

        var chips = OptInt(e, path, "chips") ?? d.FleetChips;
        var cheating = OptInt(e, path, "cheatingChips") ?? d.CheatingChips;
        if (chips < 1 || cheating < 0 || cheating > chips)
        {
            throw new FormatException($"{path}: need chips >= 1 and 0 <= cheatingChips <= chips.");
        }

        return new EnforcementModel(
            e.TryGetProperty("coverage", out var c) ? ParseTerm(c, path + ".coverage") : d.Coverage,
            e.TryGetProperty("notice", out var n) ? ParseTerm(n, path + ".notice") : d.Notice,
            e.TryGetProperty("sanction", out var s) ? ParseTerm(s, path + ".sanction") : d.Sanction,
            chips,
            cheating,
            OptNum(e, path, "concealmentHalfLifeHours") ?? d.ConcealmentHalfLifeHours,
            gains,
            e.TryGetProperty("defaultGain", out var dg) ? ParseGain(dg, path + ".defaultGain") : d.DefaultGain);
    }

    private static TermSource ParseTerm(JsonElement e, string path)
    {
        Members(e, path, "issue", "value", "scale");
        var hasIssue = e.TryGetProperty("issue", out var issue);
        var hasValue = e.TryGetProperty("value", out var value);
        if (hasIssue == hasValue)
        {
            throw new FormatException($"{path} needs exactly one of \"issue\" and \"value\".");
        }

        return hasIssue
            ? new TermSource(Str(issue, path + ".issue"), null, OptNum(e, path, "scale") ?? 1.0)
            : new TermSource(null, Num(value, path + ".value"), OptNum(e, path, "scale") ?? 1.0);
    }

    private static GainSource ParseGain(JsonElement e, string path)
    {
        Members(e, path, "deviationIssues", "value");
        var hasIssues = e.TryGetProperty("deviationIssues", out var issues);
        var hasValue = e.TryGetProperty("value", out var value);
        if (hasIssues == hasValue)
        {
            throw new FormatException($"{path} needs exactly one of \"deviationIssues\" and \"value\".");
        }

        return hasIssues
            ? new GainSource(Arr(issues, path + ".deviationIssues").Select((v, i) => Str(v, $"{path}.deviationIssues[{i}]")).ToArray())
            : new GainSource(null, Num(value, path + ".value"));
    }

    private static void WriteIssue(Utf8JsonWriter w, Issue issue)
    {
        w.WriteStartObject();
        w.WriteString("name", issue.Name);
        switch (issue.Kind)
        {
            case IssueKind.Discrete:
                w.WriteString("type", "discrete");
                w.WriteStartArray("values");
                foreach (var l in issue.Labels)
                {
                    w.WriteStringValue(l);
                }

                w.WriteEndArray();
                if (issue.Labels.Select((l, i) => NumericLabel.Parse(l) != issue.Numbers[i]).Any(x => x))
                {
                    w.WriteStartArray("numbers");
                    foreach (var x in issue.Numbers)
                    {
                        if (x is { } v)
                        {
                            w.WriteNumberValue(v);
                        }
                        else
                        {
                            w.WriteNullValue();
                        }
                    }

                    w.WriteEndArray();
                }

                break;
            case IssueKind.Integer:
                w.WriteString("type", "integer");
                w.WriteNumber("min", (long)issue.Min!.Value);
                w.WriteNumber("max", (long)issue.Max!.Value);
                if (issue.Steps is { } st)
                {
                    w.WriteNumber("steps", st);
                }

                break;
            default:
                w.WriteString("type", "real");
                w.WriteNumber("min", issue.Min!.Value);
                w.WriteNumber("max", issue.Max!.Value);
                if (issue.Steps is { } steps)
                {
                    w.WriteNumber("steps", steps);
                }

                if (issue.Scale == IssueScale.Log)
                {
                    w.WriteString("scale", "log");
                }

                break;
        }

        w.WriteEndObject();
    }

    private static void WriteParty(Utf8JsonWriter w, NegotiationDomain domain, PartyPreferences p)
    {
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        if (p.Reservation != 0)
        {
            w.WriteNumber("reservation", p.Reservation);
        }

        if (p.Discount != 1)
        {
            w.WriteNumber("discount", p.Discount);
        }

        w.WriteStartObject("weights");
        for (var i = 0; i < domain.Issues.Count; i++)
        {
            w.WriteNumber(domain.Issues[i].Name, p.Weights[i]);
        }

        w.WriteEndObject();
        w.WriteStartObject("values");
        for (var i = 0; i < domain.Issues.Count; i++)
        {
            w.WriteStartObject(domain.Issues[i].Name);
            switch (p.ValueFunctions[i])
            {
                case TableValueFunction t:
                    w.WriteString("type", "table");
                    w.WriteStartObject("values");
                    foreach (var label in domain.Issues[i].Labels.Where(t.Values.ContainsKey))
                    {
                        w.WriteNumber(label, t.Values[label]);
                    }

                    w.WriteEndObject();
                    break;
                case LinearValueFunction l:
                    w.WriteString("type", "linear");
                    w.WriteString("direction", l.Increasing ? "increasing" : "decreasing");
                    break;
                case PeakValueFunction pk:
                    w.WriteString("type", "peak");
                    w.WriteNumber("at", pk.At);
                    break;
                default:
                    throw new NotSupportedException($"No JSON form for {p.ValueFunctions[i].GetType().Name}.");
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        if (p.Constraints.Count > 0)
        {
            w.WriteStartArray("constraints");
            foreach (var c in p.Constraints)
            {
                w.WriteStartObject();
                w.WriteString("issue", c.Issue);
                if (c.Allowed is { } allowed)
                {
                    w.WriteStartArray("allowed");
                    foreach (var a in allowed)
                    {
                        w.WriteStringValue(a);
                    }

                    w.WriteEndArray();
                }

                if (c.Min is { } mn)
                {
                    w.WriteNumber("min", mn);
                }

                if (c.Max is { } mx)
                {
                    w.WriteNumber("max", mx);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteEnforcement(Utf8JsonWriter w, EnforcementModel e)
    {
        var d = EnforcementModel.Default;
        w.WriteStartObject("enforcement");
        WriteTerm(w, "coverage", e.Coverage, d.Coverage);
        WriteTerm(w, "notice", e.Notice, d.Notice);
        WriteTerm(w, "sanction", e.Sanction, d.Sanction);
        if (e.FleetChips != d.FleetChips)
        {
            w.WriteNumber("chips", e.FleetChips);
        }

        if (e.CheatingChips != d.CheatingChips)
        {
            w.WriteNumber("cheatingChips", e.CheatingChips);
        }

        if (e.ConcealmentHalfLifeHours != d.ConcealmentHalfLifeHours)
        {
            w.WriteNumber("concealmentHalfLifeHours", e.ConcealmentHalfLifeHours);
        }

        if (e.Gains.Count > 0)
        {
            w.WriteStartObject("gains");
            foreach (var (party, gain) in e.Gains.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WritePropertyName(party);
                WriteGain(w, gain);
            }

            w.WriteEndObject();
        }

        if (e.DefaultGain != d.DefaultGain)
        {
            w.WritePropertyName("defaultGain");
            WriteGain(w, e.DefaultGain);
        }

        w.WriteEndObject();
    }

    private static void WriteTerm(Utf8JsonWriter w, string name, TermSource t, TermSource d)
    {
        if (t == d)
        {
            return;
        }

        w.WriteStartObject(name);
        if (t.Issue is not null)
        {
            w.WriteString("issue", t.Issue);
        }
        else
        {
            w.WriteNumber("value", t.Value ?? 0);
        }

        if (t.Scale != 1)
        {
            w.WriteNumber("scale", t.Scale);
        }

        w.WriteEndObject();
    }

    private static void WriteGain(Utf8JsonWriter w, GainSource g)
    {
        w.WriteStartObject();
        if (g.DeviationIssues is { } issues)
        {
            w.WriteStartArray("deviationIssues");
            foreach (var i in issues)
            {
                w.WriteStringValue(i);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNumber("value", g.Value ?? 0);
        }

        w.WriteEndObject();
    }

    private static void Members(JsonElement e, string path, params string[] allowed)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path} must be an object.");
        }

        StrictJson.RequireKnownMembers(e, path, allowed);
    }

    private static JsonElement Req(JsonElement e, string path, string name) =>
        e.ValueKind != JsonValueKind.Object ? throw new FormatException($"{path} must be an object.")
        : e.TryGetProperty(name, out var v) ? v : throw new FormatException($"{path} lacks the member \"{name}\".");

    private static string Str(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"{path} must be a string.");

    private static double Num(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var x) && double.IsFinite(x) ? x : throw new FormatException($"{path} must be a finite number.");

    private static long Int64(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var x) ? x : throw new FormatException($"{path} must be an integer.");

    private static double? OptNum(JsonElement e, string path, string name) => e.TryGetProperty(name, out var v) ? Num(v, $"{path}.{name}") : null;

    private static int? OptInt(JsonElement e, string path, string name) =>
        e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var x) ? x : throw new FormatException($"{path}.{name} must be an integer.")) : null;

    private static JsonElement.ArrayEnumerator Arr(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new FormatException($"{path} must be an array.");
}
