using Accord.Negotiation.Agents;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Llm;
using Microsoft.Extensions.AI;

namespace Accord.Negotiation;

/// <summary>What agents created by name need.</summary>
public sealed record AgentOptions
{
    /// <summary>The chat client of "llm" agents; when null, one is built from <see cref="Llm"/> with <see cref="LlmChatClientFactory"/>.</summary>
    public IChatClient? ChatClient { get; init; }

    /// <summary>The LLM configuration.</summary>
    public LlmOptions Llm { get; init; } = new();

    /// <summary>The solution concept of a "mediator".</summary>
    public SolutionConcept MediatorConcept { get; init; } = SolutionConcept.Nash;
}

/// <summary>Creates agents by name.</summary>
public static class AgentFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["boulware", "linear", "conceder", "tit-for-tat", "micro", "llm", "mediator"];

    /// <summary>The strategy agents (no model, no mediator): what tournaments use by default.</summary>
    public static IReadOnlyList<string> StrategyNames { get; } = ["boulware", "linear", "conceder", "tit-for-tat", "micro"];

    /// <summary>
    /// A new agent: "boulware", "linear", "conceder" (time-based, e = 0.2, 1, 2), "tit-for-tat" (also
    /// "tft"), "micro", "llm" (an <see cref="LlmNegotiator"/>) or "mediator" (an <see cref="AiMediator"/>).
    /// Names are case-insensitive.
    /// </summary>
    public static INegotiationAgent Create(string name, AgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= new AgentOptions();
        return name.Trim().ToLowerInvariant() switch
        {
            "mediator" => new AiMediator(options.MediatorConcept),
            _ => CreateNegotiator(name, options),
        };
    }

    /// <summary>A new party negotiator (any name but "mediator").</summary>
    public static INegotiator CreateNegotiator(string name, AgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= new AgentOptions();
        return name.Trim().ToLowerInvariant() switch
        {
            "boulware" => TimeBasedNegotiator.Boulware(),
            "linear" => TimeBasedNegotiator.Linear(),
            "conceder" => TimeBasedNegotiator.Conceder(),
            "tit-for-tat" or "tft" or "naive-tit-for-tat" => new TitForTatNegotiator(),
            "micro" => new MicroNegotiator(),
            "llm" => new LlmNegotiator(options.ChatClient ?? LlmChatClientFactory.Create(options.Llm), options.Llm),
            "mediator" => throw new ArgumentException("\"mediator\" is not a party negotiator.", nameof(name)),
            _ => throw new ArgumentException($"Unknown agent '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
