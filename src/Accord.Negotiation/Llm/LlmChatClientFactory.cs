using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Accord.Negotiation.Llm;

/// <summary>Builds an <see cref="IChatClient"/> for an OpenAI-compatible endpoint (Microsoft.Extensions.AI.OpenAI).</summary>
public static class LlmChatClientFactory
{
    /// <summary>A chat client for <see cref="LlmOptions.Endpoint"/> and <see cref="LlmOptions.Model"/>; nothing is sent until it is used.</summary>
    public static IChatClient Create(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint) || !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{LlmOptions.SectionName}:Endpoint must be an absolute http(s) URL.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException($"{LlmOptions.SectionName}:Model is required.", nameof(options));
        }

        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
            new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)) });
        return client.GetChatClient(options.Model).AsIChatClient();
    }
}
