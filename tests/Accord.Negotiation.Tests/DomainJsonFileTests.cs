using Accord.Core.Common;
using Accord.Negotiation.Domains;
using Accord.Testing;

namespace Accord.Negotiation.Tests;

/// <summary>A domain file with a member its format does not define is refused naming the member, the file and its line.</summary>
public sealed class DomainJsonFileTests
{
    [Fact]
    public void Load_MisspelledIssueMember_RefusedWithFileAndLine()
    {
        using var dir = new TempDirectory("accord-domain-json-");
        var path = dir.File("domain.json");
        File.WriteAllText(path, "{\n  \"format\": \"accord-negotiation-domain/1\",\n  \"name\": \"x\",\n  \"issues\": [\n    { \"name\": \"a\", \"type\": \"discrete\", \"valeus\": [\"u\"] }\n  ],\n  \"parties\": []\n}\n");

        var e = Assert.Throws<UnknownJsonFieldException>(() => DomainJson.Load(path));

        Assert.Equal($"{path}:5: unknown field 'valeus' in $.issues[0] (did you mean 'values'?)", e.Message);
    }
}
