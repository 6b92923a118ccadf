namespace Accord.Negotiation.Llm;

/// <summary>
/// The LLM negotiator's configuration, bound from the <c>Accord:Negotiation:Llm</c> section (e.g.
/// <c>Accord__Negotiation__Llm__Endpoint</c> in the environment). Any OpenAI-compatible chat-completions
/// endpoint works (OpenAI, Azure OpenAI's v1 API, vLLM, llama.cpp server, Ollama's /v1).
/// </summary>
public sealed class LlmOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Accord:Negotiation:Llm";

    /// <summary>The base URL of the OpenAI-compatible API, e.g. <c>http://localhost:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model id, e.g. <c>gpt-4o-mini</c> or <c>qwen2.5:7b-instruct</c>.</summary>
    public string? Model { get; set; }

    /// <summary>The API key; servers that need none get a placeholder.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Sampling temperature (0 for the most repeatable answers).</summary>
    public float Temperature { get; set; }

    /// <summary>Answers tried per move before falling back (at least 1).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The strategy agent that moves when every attempt was refused (an <see cref="AgentFactory"/> name).</summary>
    public string Fallback { get; set; } = "boulware";

    /// <summary>The network timeout per request, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Whether to send the JSON schema as a structured-output response format (turn off for servers that reject it).</summary>
    public bool UseJsonSchema { get; set; } = true;
}
