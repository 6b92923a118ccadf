using System.Text;
using System.Text.Json;
using Accord.Core.Common;

namespace Accord.Core.Tests.Common;

public sealed class StrictJsonTests
{
    public sealed record Inner(double? RunCapFlop = null, int Months = 0);

    public sealed record Outer(string Name, IReadOnlyList<Inner> Items, Inner? Single = null);

    private static JsonSerializerOptions Options() => StrictJson.Disallowing(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Deserialize_MisspelledNestedMember_NamesFieldFileLineAndTheMemberMeant()
    {
        const string json = "{\n  \"name\": \"x\",\n  \"items\": [\n    { \"months\": 2 },\n    {\n      \"runCap\": 1e25\n    }\n  ]\n}";

        var e = Assert.Throws<UnknownJsonFieldException>(() => StrictJson.Deserialize<Outer>(json, Options(), "scenario.json"));

        Assert.Equal("runCap", e.Field);
        Assert.Equal(6, e.Line);
        Assert.Equal("runCapFlop", e.Suggestion);
        Assert.Equal("scenario.json:6: unknown field 'runCap' in $.items[1] (did you mean 'runCapFlop'?)", e.Message);
    }

    [Fact]
    public void Deserialize_UnknownTopLevelMemberNothingClose_NoSuggestion()
    {
        var e = Assert.Throws<UnknownJsonFieldException>(() => StrictJson.Deserialize<Outer>("{\"name\": \"x\", \"items\": [], \"zebra\": 1}", Options()));

        Assert.Equal("line 1: unknown field 'zebra'", e.Message);
        Assert.Null(e.Suggestion);
    }

    [Fact]
    public void Deserialize_KnownMembersOnly_Reads()
    {
        var outer = StrictJson.Deserialize<Outer>("{\"name\": \"x\", \"items\": [{\"runCapFlop\": 1e25}], \"single\": {\"months\": 3}}", Options());

        Assert.Equal(1e25, outer!.Items[0].RunCapFlop);
        Assert.Equal(3, outer.Single!.Months);
    }

    [Fact]
    public void Deserialize_WrongTypeNotAnUnknownMember_StaysAJsonException()
    {
        var e = Assert.Throws<JsonException>(() => StrictJson.Deserialize<Outer>("{\"name\": \"x\", \"items\": [{\"months\": \"two\"}]}", Options()));

        Assert.IsNotType<UnknownJsonFieldException>(e);
    }

    [Fact]
    public void RequireKnownMembers_ThenAtLineInAndInFile_NamesFileAndLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"format\": \"f\",\n  \"issues\": [\n    {\"name\": \"a\"},\n    {\"name\": \"b\",\n     \"nmae\": \"c\"}\n  ]\n}");
        using var document = JsonDocument.Parse(bytes);
        var second = document.RootElement.GetProperty("issues")[1];

        var e = Assert.Throws<UnknownJsonFieldException>(() => StrictJson.RequireKnownMembers(second, "$.issues[1]", ["name", "type"]));
        var placed = e.AtLineIn(bytes).InFile("domain.json");

        Assert.Equal("domain.json:6: unknown field 'nmae' in $.issues[1] (did you mean 'name'?)", placed.Message);
    }

    [Theory]
    [InlineData("runCap", "runCapFlop")]
    [InlineData("horizonDay", "horizonDays")]
    [InlineData("sede", "seed")]
    [InlineData("colour", null)]
    public void Suggest_Misspelling_TheClosestKnownName(string field, string? expected) =>
        Assert.Equal(expected, StrictJson.Suggest(field, ["runCapFlop", "horizonDays", "seed", "runs"]));
}
