using Accord.Negotiation.Enforcement;

namespace Accord.Negotiation.Domains;

/// <summary>
/// A negotiation domain: its issues, every party's preferences, and optionally the inspection game its
/// deals are played under. The outcome space is the product of the issues' grids.
/// </summary>
public sealed class NegotiationDomain
{
    private readonly Dictionary<string, int> _issueIndex;
    private readonly UtilityFunction[] _utilities;
    private readonly Lazy<EnforcementEvaluator> _enforcement;

    /// <summary>A domain from its parts; validated here.</summary>
    public NegotiationDomain(string name, IReadOnlyList<Issue> issues, IReadOnlyList<PartyPreferences> parties, EnforcementModel? enforcement = null)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(parties);
        if (issues.Count == 0)
        {
            throw new ArgumentException("A domain needs at least one issue.", nameof(issues));
        }

        if (parties.Count < 2)
        {
            throw new ArgumentException("A domain needs at least two parties.", nameof(parties));
        }

        Name = string.IsNullOrWhiteSpace(name) ? "domain" : name;
        Issues = issues;
        Parties = parties;
        Enforcement = enforcement;
        _issueIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < issues.Count; i++)
        {
            if (!_issueIndex.TryAdd(issues[i].Name, i))
            {
                throw new ArgumentException($"Two issues are named '{issues[i].Name}'.", nameof(issues));
            }
        }

        if (parties.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != parties.Count)
        {
            throw new ArgumentException("Two parties share a name.", nameof(parties));
        }

        foreach (var p in parties)
        {
            if (p.Weights.Count != issues.Count || p.ValueFunctions.Count != issues.Count)
            {
                throw new ArgumentException($"Party '{p.Name}' must give one weight and one value function per issue ({issues.Count}).", nameof(parties));
            }

            if (p.Discount is <= 0 or > 1 || !double.IsFinite(p.Reservation) || p.Weights.Any(w => !double.IsFinite(w) || w < 0))
            {
                throw new ArgumentException($"Party '{p.Name}' needs finite non-negative weights, a finite reservation and a discount in (0, 1].", nameof(parties));
            }
        }

        var count = 1L;
        foreach (var issue in issues)
        {
            count = count > long.MaxValue / issue.Count ? long.MaxValue : count * issue.Count;
        }

        OutcomeCount = count;
        _utilities = Enumerable.Range(0, parties.Count).Select(p => new UtilityFunction(this, p)).ToArray();
        if (enforcement is not null)
        {
            foreach (var name2 in new[] { enforcement.Coverage.Issue, enforcement.Notice.Issue, enforcement.Sanction.Issue })
            {
                if (name2 is not null)
                {
                    IssueIndex(name2);
                }
            }

            foreach (var (party, gain) in enforcement.Gains)
            {
                if (!parties.Any(p => p.Name == party))
                {
                    throw new ArgumentException($"The enforcement section names a gain for '{party}', which is not a party.", nameof(enforcement));
                }

                foreach (var issue in gain.DeviationIssues ?? [])
                {
                    IssueIndex(issue);
                }
            }
        }

        _enforcement = new Lazy<EnforcementEvaluator>(() => new EnforcementEvaluator(this));
    }

    /// <summary>The domain's name.</summary>
    public string Name { get; }

    /// <summary>The issues, in order.</summary>
    public IReadOnlyList<Issue> Issues { get; }

    /// <summary>The parties' preferences, in order.</summary>
    public IReadOnlyList<PartyPreferences> Parties { get; }

    /// <summary>The inspection game, or null when the domain has none (every deal self-enforcing).</summary>
    public EnforcementModel? Enforcement { get; }

    /// <summary>How many outcomes there are (long.MaxValue when more).</summary>
    public long OutcomeCount { get; }

    /// <summary>The deal evaluator for the inspection game.</summary>
    public EnforcementEvaluator Enforcer => _enforcement.Value;

    /// <summary>The compiled utility of party <paramref name="party"/>.</summary>
    public UtilityFunction UtilityOf(int party) => _utilities[party];

    /// <summary>The index of the party named <paramref name="name"/>.</summary>
    public int PartyIndex(string name)
    {
        for (var i = 0; i < Parties.Count; i++)
        {
            if (Parties[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"No party is named '{name}'.", nameof(name));
    }

    /// <summary>The index of the issue named <paramref name="name"/>.</summary>
    public int IssueIndex(string name) => _issueIndex.TryGetValue(name, out var i) ? i : throw new ArgumentException($"No issue is named '{name}'.", nameof(name));

    /// <summary>Every party's utility for <paramref name="outcome"/>, in party order.</summary>
    public double[] Utilities(Outcome outcome) => _utilities.Select(u => u.Utility(outcome)).ToArray();

    /// <summary>Whether every party's constraints allow <paramref name="outcome"/>.</summary>
    public bool IsFeasible(Outcome outcome) => _utilities.All(u => u.IsFeasible(outcome));

    /// <summary>Whether <paramref name="outcome"/> has one valid value index per issue.</summary>
    public bool IsValid(Outcome? outcome)
    {
        if (outcome is null || outcome.Count != Issues.Count)
        {
            return false;
        }

        for (var i = 0; i < Issues.Count; i++)
        {
            if (outcome[i] < 0 || outcome[i] >= Issues[i].Count)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The outcome with the given value labels, in issue order.</summary>
    public Outcome OutcomeOf(params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != Issues.Count)
        {
            throw new ArgumentException($"Give one label per issue ({Issues.Count}).", nameof(labels));
        }

        return new Outcome(labels.Select((l, i) =>
        {
            var v = Issues[i].Resolve(l);
            return v >= 0 ? v : throw new ArgumentException($"'{l}' is not a value of issue '{Issues[i].Name}'.", nameof(labels));
        }));
    }

    /// <summary>The outcome at mixed-radix position <paramref name="index"/> (the last issue varies fastest).</summary>
    public Outcome OutcomeAt(long index)
    {
        var values = new int[Issues.Count];
        for (var i = Issues.Count - 1; i >= 0; i--)
        {
            values[i] = (int)(index % Issues[i].Count);
            index /= Issues[i].Count;
        }

        return new Outcome(values);
    }

    /// <summary>The mixed-radix position of <paramref name="outcome"/>.</summary>
    public long IndexOf(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var index = 0L;
        for (var i = 0; i < Issues.Count; i++)
        {
            index = (index * Issues[i].Count) + outcome[i];
        }

        return index;
    }

    /// <summary>Every outcome, in mixed-radix order.</summary>
    public IEnumerable<Outcome> AllOutcomes()
    {
        for (var k = 0L; k < OutcomeCount; k++)
        {
            yield return OutcomeAt(k);
        }
    }

    /// <summary>The outcome as "issue = label" pairs.</summary>
    public string Describe(Outcome? outcome) =>
        outcome is null ? "no deal" : string.Join(", ", Issues.Select((issue, i) => $"{issue.Name} = {issue.Labels[outcome[i]]}"));

    /// <summary>The outcome's labels, in issue order.</summary>
    public IReadOnlyList<string> Labels(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Issues.Select((issue, i) => issue.Labels[outcome[i]]).ToArray();
    }
}
