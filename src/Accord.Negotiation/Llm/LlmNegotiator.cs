using System.Globalization;
using System.Text;
using System.Text.Json;
using Accord.Negotiation.Agents;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;
using Microsoft.Extensions.AI;

namespace Accord.Negotiation.Llm;

/// <summary>
/// A negotiator played by a language model behind <see cref="IChatClient"/>. Each move it sends the
/// domain, its own party's preferences (weights, values, reservation, constraints - private), the
/// history of moves with their public messages and the offer on the table, and asks for one JSON object
/// in a strict schema (see <see cref="LlmAnswerGuard"/>). Every answer is parsed and validated; a refused
/// answer is sent back with the reason and retried, up to <see cref="LlmOptions.MaxAttempts"/> answers per
/// move, after which the named fallback strategy agent makes the move (the trace names the agent
/// "llm (fallback: NAME)"). The model's text is never trusted: only a validated action reaches the
/// protocol.
/// </summary>
public sealed class LlmNegotiator : INegotiator, ITraceName
{
    private readonly IChatClient _client;
    private readonly LlmOptions _options;
    private readonly List<LlmRefusal> _refusals = [];
    private NegotiatorContext? _context;
    private INegotiator? _fallback;

    /// <summary>An LLM negotiator over <paramref name="client"/>.</summary>
    public LlmNegotiator(IChatClient client, LlmOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? new LlmOptions();
        CurrentName = Name;
    }

    /// <inheritdoc />
    public string Name => "llm";

    /// <summary>The refused answers so far.</summary>
    public IReadOnlyList<LlmRefusal> Refusals => _refusals;

    /// <summary>How many moves the fallback agent made.</summary>
    public int Fallbacks { get; private set; }

    /// <inheritdoc />
    public string CurrentName { get; private set; }

    /// <inheritdoc />
    public void Initialize(NegotiatorContext context)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _fallback = AgentFactory.CreateNegotiator(_options.Fallback);
        if (_fallback is LlmNegotiator)
        {
            throw new ArgumentException("The LLM negotiator's fallback must be a strategy agent.");
        }

        _fallback.Initialize(context);
        _refusals.Clear();
        Fallbacks = 0;
    }

    /// <inheritdoc />
    public async ValueTask<NegotiationAction> ActAsync(NegotiationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var answer = await AskAsync(state, null, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return await _fallback!.ActAsync(state, cancellationToken).ConfigureAwait(false);
        }

        return answer.Action switch
        {
            ActionKind.Offer => NegotiationAction.Propose(answer.Offer!, answer.Message),
            ActionKind.Reject when answer.Offer is not null => NegotiationAction.Propose(answer.Offer, answer.Message),
            ActionKind.Accept => NegotiationAction.AcceptOffer(answer.Message),
            ActionKind.End => NegotiationAction.EndNegotiation(answer.Message),
            _ => NegotiationAction.RejectOffer(answer.Message),
        };
    }

    /// <inheritdoc />
    public async ValueTask<TextFeedback> ReviewAsync(NegotiationState state, Outcome text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(text);
        var answer = await AskAsync(state, text, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return await _fallback!.ReviewAsync(state, text, cancellationToken).ConfigureAwait(false);
        }

        if (answer.Action == ActionKind.Accept)
        {
            return new TextFeedback(true, FeedbackReason.Accepted, null, answer.Message);
        }

        var u = _context!.Utility;
        var reason = !u.IsFeasible(text) ? FeedbackReason.Infeasible : u.Utility(text) < u.Reservation ? FeedbackReason.BelowReservation : FeedbackReason.WantsMore;
        return new TextFeedback(false, reason, null, answer.Message);
    }

    private async Task<LlmAnswer?> AskAsync(NegotiationState state, Outcome? text, CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("The LLM negotiator was not initialized.");
        CurrentName = Name;
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt(state.Protocol)),
            new(ChatRole.User, Briefing(context, state, text)),
        };
        var chatOptions = new ChatOptions
        {
            Temperature = _options.Temperature,
            Seed = context.Seed,
            ModelId = _options.Model,
            ResponseFormat = _options.UseJsonSchema ? ChatResponseFormat.ForJsonSchema(Schema(context.Domain), "negotiation_move", "One negotiation move.") : ChatResponseFormat.Json,
        };
        var attempts = Math.Max(1, _options.MaxAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            string raw;
            try
            {
                var response = await _client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
                raw = response.Text;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _refusals.Add(new LlmRefusal(state.Step, attempt, RefusalKind.ClientError, ex.Message, string.Empty));
                continue;
            }

            try
            {
                return LlmAnswerGuard.Validate(raw, context.Domain, context.Party, text ?? state.CurrentOffer);
            }
            catch (LlmRefusalException refusal)
            {
                _refusals.Add(new LlmRefusal(state.Step, attempt, refusal.Kind, refusal.Message, raw));
                messages.Add(new ChatMessage(ChatRole.Assistant, raw));
                messages.Add(new ChatMessage(ChatRole.User, $"Your answer was refused: {refusal.Message} Answer again with one JSON object in the required schema."));
            }
        }

        Fallbacks++;
        CurrentName = $"{Name} (fallback: {_fallback!.Name})";
        return null;
    }

    private static string SystemPrompt(ProtocolKind protocol) =>
        "You negotiate for one party in a multi-issue negotiation. Maximise your party's utility, and never agree to a deal worth less to you than your reservation value (no deal is better). "
        + "Your preferences are private: never reveal your weights, your values or your reservation value in your public message, not even approximately. "
        + (protocol == ProtocolKind.SingleText
            ? "A mediator proposes one text per round; answer \"accept\" or \"reject\" (you may add a counter-proposal in \"offer\" with \"reject\"). "
            : "Parties take turns: accept the offer on the table, make a counter-offer, reject it, or end the negotiation. ")
        + "Answer with exactly one JSON object and nothing else: {\"action\": \"offer\"|\"accept\"|\"reject\"|\"end\", \"offer\": {\"<issue>\": \"<value>\", ...} or null, \"message\": \"<public message>\"}. "
        + "An offer gives every issue one of its listed values.";

    private static string Briefing(NegotiatorContext context, NegotiationState state, Outcome? text)
    {
        var d = context.Domain;
        var me = context.Preferences;
        var u = context.Utility;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"Domain \"{d.Name}\". You are {me.Name}. Parties: {string.Join(", ", d.Parties.Select(p => p.Name))}.\n");
        sb.Append("Issues and allowed values:\n");
        foreach (var issue in d.Issues)
        {
            sb.Append(inv, $"- {issue.Name}: {string.Join(" | ", issue.Labels)}\n");
        }

        sb.Append("Your private preferences (utility = sum over issues of weight x value):\n");
        for (var i = 0; i < d.Issues.Count; i++)
        {
            var values = d.Issues[i].Labels.Select((l, v) => string.Create(inv, $"{l}: {(me.Weights[i] > 0 ? u.Term(i, v) / me.Weights[i] : 0):0.###}"));
            sb.Append(inv, $"- {d.Issues[i].Name}: weight {me.Weights[i]:0.###}; values {string.Join(", ", values)}\n");
        }

        sb.Append(inv, $"Your reservation value (utility of no deal): {me.Reservation:0.###}. Your best possible utility: {u.Max:0.###}.\n");
        foreach (var c in me.Constraints)
        {
            sb.Append(inv, $"Hard constraint on {c.Issue}: {(c.Allowed is null ? string.Empty : "only " + string.Join(", ", c.Allowed))}{(c.Min is null ? string.Empty : $" at least {c.Min}")}{(c.Max is null ? string.Empty : $" at most {c.Max}")}.\n");
        }

        sb.Append(inv, $"Round {state.Round + 1} of {state.MaxRounds} (relative time {state.RelativeTime:0.###}).\n");
        sb.Append("History:\n");
        if (state.Trace.Count == 0)
        {
            sb.Append("(none)\n");
        }

        foreach (var e in state.Trace.TakeLast(40))
        {
            var who = e.Party < 0 ? "mediator" : d.Parties[e.Party].Name;
            sb.Append(inv, $"- round {e.RoundNumber}, {who}: {e.Kind.ToString().ToLowerInvariant()}");
            if (e.Offer is not null)
            {
                sb.Append(inv, $" [{d.Describe(e.Offer)}] (your utility {u.Utility(e.Offer):0.###})");
            }

            if (!string.IsNullOrEmpty(e.Message) && e.Party >= 0)
            {
                sb.Append(inv, $" - \"{e.Message}\"");
            }

            sb.Append('\n');
        }

        var table = text ?? state.CurrentOffer;
        sb.Append(table is null
            ? "There is no offer on the table: make an offer.\n"
            : string.Create(inv, $"{(text is null ? "Offer on the table" : "Mediator's text")}: [{d.Describe(table)}], worth {u.Utility(table):0.###} to you.\n"));
        sb.Append("Your move, as one JSON object:");
        return sb.ToString();
    }

    private static JsonElement Schema(NegotiationDomain d)
    {
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var issue in d.Issues)
        {
            properties[issue.Name] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = issue.Labels };
        }

        var schema = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new[] { "action", "offer", "message" },
            ["properties"] = new Dictionary<string, object>
            {
                ["action"] = new Dictionary<string, object> { ["type"] = "string", ["enum"] = new[] { "offer", "accept", "reject", "end" } },
                ["offer"] = new Dictionary<string, object>
                {
                    ["type"] = new[] { "object", "null" },
                    ["additionalProperties"] = false,
                    ["required"] = d.Issues.Select(i => i.Name).ToArray(),
                    ["properties"] = properties,
                },
                ["message"] = new Dictionary<string, object> { ["type"] = "string" },
            },
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
