using Accord.Negotiation.Domains;
using Accord.PropertyTests.Infrastructure;
using Accord.Testing;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>Negotiation domain JSON (docs/negotiation.md): the PauseTreaty domain mutated as text, bytes and JSON values.</summary>
public sealed class DomainJsonProperties(ITestOutputHelper output)
{
    [Fact]
    public void Parse_MutatedOrRandom_OnlyFormatOrJsonException()
    {
        var valid = File.ReadAllText(TestData.PauseTreatyJson);
        DomainJson.Parse(valid);
        var texts = Gen.Frequency(
            (4, Mutate.Text(valid).Select(t => System.Text.Encoding.UTF8.GetBytes(t))),
            (4, Mutate.Json(valid).Select(t => System.Text.Encoding.UTF8.GetBytes(t))),
            (2, Mutate.Bytes(System.Text.Encoding.UTF8.GetBytes(valid))),
            (1, Gen.String[0, 200].Select(t => System.Text.Encoding.UTF8.GetBytes(t))));
        Property.Run(output, "negotiation domain JSON, mutated", texts, utf8 =>
        {
            Expect.Accepts<FormatException, System.Text.Json.JsonException>(() => DomainJson.Parse(utf8));
        }, CaseBudget.DomainJson);
    }
}
