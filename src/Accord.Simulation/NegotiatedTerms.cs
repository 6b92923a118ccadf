using System.Globalization;
using Accord.Negotiation;
using Accord.Negotiation.Agreements;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Simulation;

/// <summary>
/// Settles a scenario's negotiation domain with the AI mediator (as `accord demo` does: mediated single text,
/// every party played by a strategy agent) and maps the settled issue values onto the agreement the simulation
/// enforces. An issue maps by its name, read as <see cref="DealCommitments.Normalize"/> reads it (lowercase,
/// every run of other characters than a-z and 0-9 one '_'); the first rule of <see cref="Rules"/> whose key the
/// name contains wins. A name containing "notice" maps to nothing (the simulated inspections come without
/// notice), whatever else it contains. A domain with an issue no rule maps is refused.
/// </summary>
public static class NegotiatedTerms
{
    /// <summary>The mapping, in the order it is tried: name fragment, then the scenario field the issue sets.</summary>
    public static IReadOnlyList<(string Contains, string Term)> Rules { get; } =
    [
        ("aggregate", "agreement.aggregateCapFlop"),
        ("compute_cap", "agreement.runCapFlop"),
        ("run_cap", "agreement.runCapFlop"),
        ("pause", "agreement.pause.months"),
        ("coverage", "agreement.coverage.minShare"),
        ("sampl", "agreement.inspections.chipsSampled"),
        ("chips", "agreement.inspections.chipsSampled"),
        ("inspection", "agreement.inspections.perYear"),
        ("sanction", "agreement.sanctions.sanction"),
    ];

    /// <summary>The scenario field an issue named <paramref name="issueName"/> sets, or null when none.</summary>
    public static string? TermOf(string issueName)
    {
        var key = DealCommitments.Normalize(issueName);
        return key.Contains("notice", StringComparison.Ordinal) ? null : Rules.FirstOrDefault(r => key.Contains(r.Contains, StringComparison.Ordinal)).Term;
    }

    /// <summary>
    /// Settles <paramref name="scenario"/>'s negotiation (its domain file resolved against
    /// <paramref name="baseDirectory"/>) and returns the scenario with the settled terms laid over its agreement
    /// (an absent agreement counts as empty) and <see cref="Scenario.Settlement"/> set.
    /// </summary>
    /// <exception cref="FormatException">The domain cannot be read, an issue maps to no term, a value is out of its term's range, or no deal was settled.</exception>
    public static Scenario Settle(Scenario scenario, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var spec = scenario.Negotiation ?? throw new ArgumentException("The scenario names no negotiation.", nameof(scenario));
        if (string.IsNullOrWhiteSpace(spec.Domain))
        {
            throw new FormatException("negotiation.domain is required");
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory, spec.Domain));
        if (!File.Exists(path))
        {
            throw new FormatException($"negotiation.domain: no domain file {path}");
        }

        NegotiationDomain domain;
        try
        {
            domain = DomainJson.Load(path);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new FormatException($"negotiation.domain {spec.Domain}: {e.Message}", e);
        }

        var unmapped = domain.Issues.Where(i => TermOf(i.Name) is null).Select(i => $"'{i.Name}'").ToList();
        if (unmapped.Count > 0)
        {
            throw new FormatException(
                $"negotiation.domain {spec.Domain}: issue {string.Join(", ", unmapped)} maps to no simulated agreement term; an issue's name must contain one of "
                + string.Join(", ", Rules.Select(r => r.Contains).Distinct()) + " (docs/simulation.md, \"Negotiated terms\")");
        }

        string[] agents = ["mediator", .. Enumerable.Repeat(spec.Agent, domain.Parties.Count)];
        var result = NegotiationRunner.Run(domain, agents, new ProtocolOptions { MediatorConcept = spec.Concept, MaxRounds = spec.Rounds, Seed = spec.Seed });
        if (!result.Agreement || result.Deal is null)
        {
            throw new FormatException($"negotiation.domain {spec.Domain}: the mediator ({spec.Concept}) settled no deal ({result.EndReason})");
        }

        var terms = new List<SettledTerm>();
        for (var i = 0; i < domain.Issues.Count; i++)
        {
            var issue = domain.Issues[i];
            var label = issue.Labels[result.Deal[i]];
            var term = TermOf(issue.Name)!;
            terms.Add(new SettledTerm(issue.Name, label, term, Number(term, label, issue.Numbers[result.Deal[i]])));
        }

        var settlement = new Settlement(
            domain.Name,
            spec.Domain,
            spec.Concept,
            agents,
            result.Rounds,
            terms,
            domain.Parties.Select((p, i) => (p.Name, result.Metrics.Utilities[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal),
            domain.Parties.ToDictionary(p => p.Name, p => p.Reservation, StringComparer.Ordinal),
            result.Explanation);
        return scenario with { Agreement = Apply(scenario.Agreement ?? new AgreementTerms(), terms), Settlement = settlement };
    }

    /// <summary>Lays <paramref name="terms"/> over <paramref name="agreement"/>, in order.</summary>
    public static AgreementTerms Apply(AgreementTerms agreement, IReadOnlyList<SettledTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(terms);
        var a = agreement;
        foreach (var t in terms)
        {
            var n = t.Number;
            a = t.Term switch
            {
                "agreement.aggregateCapFlop" => a with { AggregateCapFlop = n },
                "agreement.runCapFlop" => a with { RunCapFlop = n },
                "agreement.pause.months" => a with { Pause = n is { } m ? new PauseTerms(a.Pause?.StartDay ?? 0, (int)m, a.Pause?.ScopeMinFlop ?? 0) : null },
                "agreement.coverage.minShare" => a with { Coverage = n is { } share ? (a.Coverage ?? new CoverageTerms()) with { MinShare = share } : null },
                "agreement.inspections.chipsSampled" => a with { Inspections = (a.Inspections ?? new InspectionTerms()) with { ChipsSampled = (int)n!.Value } },
                "agreement.inspections.perYear" => a with { Inspections = (a.Inspections ?? new InspectionTerms()) with { PerYear = n!.Value } },
                "agreement.sanctions.sanction" => a with { Sanctions = (a.Sanctions ?? new SanctionTerms()) with { Sanction = n!.Value } },
                _ => throw new ArgumentException($"unknown term '{t.Term}'", nameof(terms)),
            };
        }

        return a;
    }

    // The term's number for a value: caps in FLOP (no number: no cap); a pause in whole months (a bare number is
    // months, a duration such as "6 months" is converted at 730 hours a month; 0 or no number: no pause); coverage as
    // a share ("95%" is 0.95, a bare number above 1 a percentage; no number: no coverage term); chips sampled a whole
    // number, inspections per year and the sanction a number >= 0 (these three need a number).
    private static double? Number(string term, string label, double? number)
    {
        var bare = double.TryParse(label.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        double Need(double? v) => v is { } x && double.IsFinite(x) && x >= 0 ? x : throw new FormatException($"'{label}' is not a number >= 0 for {term}");
        switch (term)
        {
            case "agreement.aggregateCapFlop" or "agreement.runCapFlop":
                return number is { } flop && flop > 0 ? flop : null;
            case "agreement.pause.months":
                var months = number is { } p ? Math.Round(bare ? p : p / NumericLabel.HoursPerMonth, MidpointRounding.AwayFromZero) : 0;
                return months is > 0 and <= 600 ? months : months <= 0 ? null : throw new FormatException($"'{label}': a pause of 1 to 600 months");
            case "agreement.coverage.minShare":
                if (number is not { } share)
                {
                    return null;
                }

                share = bare && share > 1 ? share / 100 : share;
                return share is > 0 and <= 1 ? share : throw new FormatException($"'{label}' is not a coverage share in (0, 1]");
            case "agreement.inspections.chipsSampled":
                return Math.Round(Need(number), MidpointRounding.AwayFromZero);
            default:
                return Need(number);
        }
    }
}
