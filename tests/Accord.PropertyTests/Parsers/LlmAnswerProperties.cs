using System.Text.Json;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Llm;
using Accord.PropertyTests.Infrastructure;
using Accord.Testing;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// An LLM negotiator's answers are untrusted text: mutated and random answers are validated or
/// refused with <see cref="LlmRefusalException"/>, never anything else.
/// </summary>
public sealed class LlmAnswerProperties(ITestOutputHelper output)
{
    private static readonly NegotiationDomain Domain = DomainJson.Parse(File.ReadAllText(TestData.PauseTreatyJson));
    private static readonly Outcome OnTable = Domain.OutcomeOf([.. Domain.Issues.Select(i => i.Labels[^1])]);

    private static readonly string[] Answers =
    [
        """{"action": "end", "offer": null, "message": "no deal"}""",
        """{"action": "accept", "offer": null, "message": "agreed"}""",
        """{"action": "reject", "message": "not yet"}""",
        Offer(i => i.Labels[0], "my 0.45 weight says so"),
        Offer(i => i.Labels[^1], "a fair split at 45%"),
    ];

    [Fact]
    public void Validate_MutatedOrRandomAnswer_AnswerOrRefusal()
    {
        var texts = Gen.Frequency(
            (6, Gen.Int[0, Answers.Length - 1].SelectMany(i => Mutate.Text(Answers[i]))),
            (6, Gen.Int[0, Answers.Length - 1].SelectMany(i => Mutate.Json(Answers[i]))),
            (1, Gen.String[0, 120]),
            (1, Gen.Const((string)null!)));
        Property.Run(output, "LLM negotiator answers, mutated", Gen.Select(texts, Gen.Int[0, Domain.Parties.Count - 1], Gen.Bool), c =>
        {
            var (text, party, withOffer) = c;
            var (valid, answer) = Expect.Of<LlmAnswer, LlmRefusalException>(() => LlmAnswerGuard.Validate(text, Domain, party, withOffer ? OnTable : null));
            if (valid)
            {
                Assert.True(Enum.IsDefined(answer!.Action));
                Assert.NotNull(answer.Message);
            }
        }, CaseBudget.LlmAnswers);
    }

    private static string Offer(Func<Issue, string> pick, string message) => JsonSerializer.Serialize(new
    {
        action = "offer",
        offer = Domain.Issues.ToDictionary(i => i.Name, pick),
        message,
    });
}
