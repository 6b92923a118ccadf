using Accord.Negotiation.Agents;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Llm;
using Accord.Negotiation.Protocols;
using Microsoft.Extensions.AI;

namespace Accord.Negotiation.Tests;

public sealed class LlmNegotiatorTests
{
    private static NegotiationDomain Domain => TestDomains.PauseTreaty;

    private static int Lab => Domain.PartyIndex("FrontierLab");

    [Fact]
    public async Task ActAsync_GoodAnswer_BecomesTheOffer()
    {
        var client = new ScriptedChatClient("offer-good.json");
        var llm = Make(client);

        var action = await llm.ActAsync(Opening());

        Assert.Equal(ActionKind.Offer, action.Kind);
        Assert.Equal(Domain.OutcomeOf("3e26", "6", "99%", "24 hours"), action.Offer);
        Assert.Empty(llm.Refusals);
        Assert.Equal(0, llm.Fallbacks);
        var prompt = string.Join("\n", client.Requests[0].Select(m => m.Text));
        Assert.Contains("Per-run compute cap (FLOP): 1e25 | 3e25 | 1e26 | 3e26 | no cap", prompt, StringComparison.Ordinal);
        Assert.Contains("reservation value (utility of no deal): 0.3", prompt, StringComparison.Ordinal);
        Assert.NotNull(client.Options[0]?.ResponseFormat);
    }

    [Theory]
    [InlineData("malformed.txt", RefusalKind.MalformedJson)]
    [InlineData("schema-extra-member.json", RefusalKind.SchemaViolation)]
    [InlineData("out-of-domain.json", RefusalKind.OutOfDomain)]
    [InlineData("below-reservation.json", RefusalKind.BelowReservation)]
    [InlineData("leak-weight-number.json", RefusalKind.LeaksPrivateInformation)]
    [InlineData("leak-weight-word.json", RefusalKind.LeaksPrivateInformation)]
    [InlineData("accept-nothing.json", RefusalKind.IllegalAction)]
    public async Task ActAsync_BadAnswerThenGood_RefusesItAndRetries(string bad, RefusalKind kind)
    {
        var client = new ScriptedChatClient(bad, "offer-good.json");
        var llm = Make(client);

        var action = await llm.ActAsync(Opening());

        var refusal = Assert.Single(llm.Refusals);
        Assert.Equal(kind, refusal.Kind);
        Assert.Equal(1, refusal.Attempt);
        Assert.Equal(ActionKind.Offer, action.Kind);
        Assert.Equal(Domain.OutcomeOf("3e26", "6", "99%", "24 hours"), action.Offer);
        Assert.Equal(0, llm.Fallbacks);

        // The retry carried the refused answer and the reason back to the model.
        var retry = client.Requests[1];
        Assert.Equal(ChatRole.Assistant, retry[^2].Role);
        Assert.StartsWith("Your answer was refused:", retry[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActAsync_EveryAttemptRefused_FallsBackToTheNamedStrategy()
    {
        var client = new ScriptedChatClient("malformed.txt", "leak-weight-number.json", "below-reservation.json");
        var llm = Make(client, new LlmOptions { MaxAttempts = 3, Fallback = "boulware" });

        var action = await llm.ActAsync(Opening());

        Assert.Equal([RefusalKind.MalformedJson, RefusalKind.LeaksPrivateInformation, RefusalKind.BelowReservation], llm.Refusals.Select(r => r.Kind));
        Assert.Equal(1, llm.Fallbacks);
        Assert.Equal("llm (fallback: boulware)", llm.CurrentName);
        Assert.Equal(ActionKind.Offer, action.Kind);
        Assert.Equal(Domain.UtilityOf(Lab).Max, Domain.UtilityOf(Lab).Utility(action.Offer!), 12);
        Assert.Equal(0, client.Remaining);
    }

    [Fact]
    public async Task Run_LlmAgainstBoulware_AcceptsAfterRefusalsAndTracesFallback()
    {
        // FrontierLab is party 1 (files load in name order): boulware opens, the LLM answers.
        var client = new ScriptedChatClient(
            "offer-opening.json",
            "malformed.txt", "malformed.txt", "malformed.txt",
            "accept-nothing.json", "offer-good.json");
        var agents = new INegotiationAgent[] { AgentFactory.Create("boulware"), AgentFactory.Create("llm", new AgentOptions { ChatClient = client }) };

        var result = await NegotiationRunner.RunAsync(Domain, agents, new ProtocolOptions { MaxRounds = 3 });

        var moves = result.Trace.Where(e => e.Party == Lab).ToArray();
        Assert.Equal("llm", moves[0].Agent);
        Assert.Equal("no cap", Domain.Labels(moves[0].Offer!)[0]);
        Assert.Equal("llm (fallback: boulware)", moves[1].Agent);
        Assert.Equal("llm", moves[2].Agent);
        Assert.Equal("We can live with a six-month pause if the cap leaves room for frontier runs.", moves[2].Message);
        Assert.Equal(0, client.Remaining);
    }

    [Fact]
    public async Task ReviewAsync_AcceptBelowReservation_IsRefused()
    {
        var client = new ScriptedChatClient("accept.json", "accept.json");
        var llm = Make(client, new LlmOptions { MaxAttempts = 2 });
        var text = Domain.OutcomeOf("1e25", "24", "50%", "30 days");

        var feedback = await llm.ReviewAsync(Opening(ProtocolKind.SingleText), text);

        Assert.All(llm.Refusals, r => Assert.Equal(RefusalKind.BelowReservation, r.Kind));
        Assert.False(feedback.Accept);
        Assert.Equal(FeedbackReason.BelowReservation, feedback.Reason);
    }

    [Theory]
    [InlineData("We value the cap at 0.45 of our total.", true)]
    [InlineData("The cap is 45% of what matters to us.", true)]
    [InlineData("We would walk away below .3 overall.", true)]
    [InlineData("Our reservation is firm; we need 2 concessions.", true)]
    [InlineData("We give weight to 3 issues.", true)]
    [InlineData("We propose a 6 month pause with 99% coverage and 24 hours notice.", false)]
    [InlineData("A cap of 3e26 with 80% monitoring coverage works for us.", false)]
    [InlineData("Coverage matters to us; let us talk about notice.", false)]
    public void FindLeak_Messages_DetectsWeightsAndReservation(string message, bool leaks)
    {
        Assert.Equal(leaks, LlmAnswerGuard.FindLeak(message, Domain, Lab) is not null);
    }

    [Fact]
    public void Validate_AnswerWithALoneSurrogate_RefusedAsMalformedJson()
    {
        var answer = "{\"action\": \"end\", \"offer\": null, \"message\": \"bye \ud83d\"}";

        var refusal = Assert.Throws<LlmRefusalException>(() => LlmAnswerGuard.Validate(answer, Domain, Lab, null));

        Assert.Equal(RefusalKind.MalformedJson, refusal.Kind);
    }

    [Fact]
    public void Create_FromConfiguration_BuildsAnOpenAiCompatibleClientWithoutCallingIt()
    {
        using var client = LlmChatClientFactory.Create(new LlmOptions { Endpoint = "http://127.0.0.1:9/v1", Model = "test-model" });

        Assert.NotNull(client.GetService<ChatClientMetadata>());
        Assert.Throws<ArgumentException>(() => LlmChatClientFactory.Create(new LlmOptions { Endpoint = "not a url", Model = "m" }));
        Assert.Throws<ArgumentException>(() => LlmChatClientFactory.Create(new LlmOptions { Endpoint = "http://localhost/v1" }));
    }

    private static LlmNegotiator Make(ScriptedChatClient client, LlmOptions? options = null)
    {
        var llm = new LlmNegotiator(client, options);
        llm.Initialize(new NegotiatorContext(Domain, Lab, 1));
        return llm;
    }

    private static NegotiationState Opening(ProtocolKind protocol = ProtocolKind.AlternatingOffers) => new(Domain, protocol, 10, []);
}
