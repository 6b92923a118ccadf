using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Accord.Negotiation.Tests;

/// <summary>An <see cref="IChatClient"/> that replays recorded answers (files under Data/Llm) in order, and records what it was sent. No network.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<string> _answers;

    public ScriptedChatClient(params string[] answerFiles)
    {
        _answers = new Queue<string>(answerFiles.Select(f => File.ReadAllText(TestDomains.DataPath("Llm", f)).TrimEnd('\n')));
    }

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public int Remaining => _answers.Count;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        Options.Add(options);
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException("The script has no more answers.");
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _answers.Dequeue())));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
