using System.Runtime.CompilerServices;
using Accord.Negotiation.Agents;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Negotiation;

/// <summary>
/// The entry point the CLI and the negotiation grain call: runs one session of a domain between agents
/// and returns the full trace and metrics. Deterministic given <see cref="ProtocolOptions.Seed"/> (and,
/// for a time deadline, the clock): party i's agent is seeded with seed x 7919 + i.
/// </summary>
public static class NegotiationRunner
{
    private static readonly ConditionalWeakTable<NegotiationDomain, OutcomeSpaceAnalysis> Analyses = new();

    /// <summary>
    /// Runs a session. <paramref name="agents"/> holds one negotiator per party, in party order, and at
    /// most one mediator anywhere in the list; a mediator selects the single-text protocol, otherwise
    /// <see cref="ProtocolOptions.Protocol"/> decides (single text without a mediator gets an
    /// <see cref="AiMediator"/>). Each agent is initialized here.
    /// </summary>
    public static async Task<NegotiationResult> RunAsync(NegotiationDomain domain, IReadOnlyList<INegotiationAgent> agents, ProtocolOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(agents);
        options ??= new ProtocolOptions();
        if (options.MaxRounds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRounds must be at least 1.");
        }

        var mediators = agents.OfType<IMediator>().ToList();
        var parties = agents.OfType<INegotiator>().ToList();
        if (mediators.Count > 1 || parties.Count + mediators.Count != agents.Count)
        {
            throw new ArgumentException("Give one negotiator per party and at most one mediator.", nameof(agents));
        }

        if (parties.Count != domain.Parties.Count)
        {
            throw new ArgumentException($"Domain '{domain.Name}' has {domain.Parties.Count} parties; {parties.Count} negotiators were given.", nameof(agents));
        }

        var protocol = mediators.Count > 0 ? ProtocolKind.SingleText : options.Protocol;
        for (var p = 0; p < parties.Count; p++)
        {
            parties[p].Initialize(new NegotiatorContext(domain, p, unchecked((options.Seed * 7919) + p)));
        }

        SessionRecord record;
        IMediator? mediator = null;
        if (protocol == ProtocolKind.SingleText)
        {
            mediator = mediators.Count > 0 ? mediators[0] : new AiMediator(options.MediatorConcept);
            mediator.Initialize(domain, options.Seed);
            record = await SingleTextProtocol.RunAsync(domain, mediator, parties, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            record = await AlternatingOffersProtocol.RunAsync(domain, parties, options, cancellationToken).ConfigureAwait(false);
        }

        var analysis = options.ComputeMetrics ? AnalysisOf(domain) : null;
        return new NegotiationResult(
            domain.Name,
            protocol,
            domain.Parties.Select(p => p.Name).ToArray(),
            parties.Select(a => a.Name).ToArray(),
            mediator?.Name,
            record.Deal is not null,
            record.Deal,
            record.Deal is null ? null : domain.Labels(record.Deal),
            record.Rounds,
            record.Elapsed,
            record.EndReason,
            record.Trace,
            SessionMetrics.Compute(domain, analysis, record.Deal, record.Rounds, record.Elapsed, record.AgreementTime),
            record.Deal is null ? null : domain.Enforcer.Assess(record.Deal),
            record.Explanation);
    }

    /// <summary>Runs a session with agents created by name (see <see cref="AgentFactory"/>), e.g. ["boulware", "micro"] or ["mediator", "linear", "linear"].</summary>
    public static Task<NegotiationResult> RunAsync(NegotiationDomain domain, IReadOnlyList<string> agentNames, ProtocolOptions? options = null, AgentOptions? agentOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentNames);
        var opts = options ?? new ProtocolOptions();
        var made = agentNames.Select(n => AgentFactory.Create(n, (agentOptions ?? new AgentOptions()) with { MediatorConcept = opts.MediatorConcept })).ToArray();
        return RunAsync(domain, made, opts, cancellationToken);
    }

    /// <summary>Synchronous <see cref="RunAsync(NegotiationDomain, IReadOnlyList{INegotiationAgent}, ProtocolOptions?, CancellationToken)"/> (for agents that do not do I/O).</summary>
    public static NegotiationResult Run(NegotiationDomain domain, IReadOnlyList<INegotiationAgent> agents, ProtocolOptions? options = null) =>
        RunAsync(domain, agents, options).GetAwaiter().GetResult();

    /// <summary>Synchronous run with agents created by name.</summary>
    public static NegotiationResult Run(NegotiationDomain domain, IReadOnlyList<string> agentNames, ProtocolOptions? options = null, AgentOptions? agentOptions = null) =>
        RunAsync(domain, agentNames, options, agentOptions).GetAwaiter().GetResult();

    /// <summary>The (cached) analysis of the whole outcome space of <paramref name="domain"/>.</summary>
    public static OutcomeSpaceAnalysis AnalysisOf(NegotiationDomain domain) => Analyses.GetValue(domain, d => OutcomeSpaceAnalysis.Analyze(d));
}
