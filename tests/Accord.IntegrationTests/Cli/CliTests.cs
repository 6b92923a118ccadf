using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>The `accord` command against a real server: exit codes, tables, one-line errors.</summary>
[Collection(ServerCollection.Name)]
public sealed class CliTests(AccordServerFixture server) : IDisposable
{
    private readonly TempDirectory _dir = new("accord-cli-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Accord_FullWorkflow_RegistersCommitsProposesSignsAndShows()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var labA = $"cli-a-{suffix}";
        var labB = $"cli-b-{suffix}";
        var agreement = $"cli-accord-{suffix}";
        foreach (var lab in new[] { labA, labB })
        {
            Assert.Equal(0, (await Run("keygen", "--party", lab, "--out", Key(lab))).Code);
            Assert.Equal(0, (await Run("party", "register", "--key", Key(lab), "--name", lab.ToUpperInvariant(), "--server", Url)).Code);
        }

        var proposed = await Run("agreement", "propose", "--key", Key(labA), "--id", agreement, "--title", "Two-lab pause", "--parties", $"{labA},{labB}", "--server", Url);
        var committed = await Run("commit", "pause", "--key", Key(labA), "--title", "pause if B pauses", "--above", "1e26", "--months", "6",
            "--if-signed", agreement, "--by", $"{labA},{labB}", "--server", Url);
        var signedA = await Run("agreement", "sign", agreement, "--key", Key(labA), "--server", Url);
        var signedB = await Run("agreement", "sign", agreement, "--key", Key(labB), "--server", Url);
        var listed = await Run("commitments", "--party", labA, "--server", Url);

        Assert.Equal(0, proposed.Code);
        Assert.Equal(0, committed.Code);
        Assert.Contains("pending", committed.Out);
        Assert.Equal(0, signedA.Code);
        Assert.Contains("proposed", signedA.Out);
        Assert.Equal(0, signedB.Code);
        Assert.Contains("active", signedB.Out);
        Assert.Equal(0, listed.Code);
        Assert.Contains("active", listed.Out);
        Assert.Contains("Pause runs above 1e26 FLOP", listed.Out);
    }

    [Fact]
    public async Task Accord_ServerRefuses_ExitCode1WithOneLineReason()
    {
        var lab = $"cli-r-{Guid.NewGuid().ToString("N")[..6]}";
        await Run("keygen", "--party", lab, "--out", Key(lab));

        var result = await Run("commit", "run-cap", "--key", Key(lab), "--title", "cap", "--max-flop", "1e25", "--server", Url);

        Assert.Equal(ExitCodes.Refused, result.Code);
        Assert.Equal($"error: UNAUTHENTICATED (UNKNOWN_PARTY): party '{lab}' is not registered", result.Err.Trim());
    }

    [Fact]
    public async Task Accord_UnparsableFlop_ExitCode2BeforeSending()
    {
        var lab = $"cli-f-{Guid.NewGuid().ToString("N")[..6]}";
        await Run("keygen", "--party", lab, "--out", Key(lab));

        var result = await Run("commit", "run-cap", "--key", Key(lab), "--title", "cap", "--max-flop", "lots", "--server", Url);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal("error: --max-flop: 'lots' is not a number (use e.g. 1e26)", result.Err.Trim());
    }

    [Fact]
    public async Task Accord_MissingKeyFile_ExitCode2()
    {
        var result = await Run("party", "register", "--key", Key("nobody"), "--name", "x", "--server", Url);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.StartsWith("error:", result.Err.Trim());
        Assert.Single(result.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Accord_ServerDown_ExitCode3()
    {
        var result = await Run("party", "list", "--server", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Unreachable, result.Code);
        Assert.StartsWith("error: cannot reach the server at http://127.0.0.1:1/: ", result.Err.Trim());
    }

    [Fact]
    public async Task Accord_FirstOfTwoServersDown_FailsOverToTheSecond()
    {
        var lab = $"cli-f-{Guid.NewGuid().ToString("N")[..6]}";
        await Run("keygen", "--party", lab, "--out", Key(lab));
        var servers = $"http://127.0.0.1:1,{Url}";

        var registered = await Run("party", "register", "--key", Key(lab), "--name", "Failover Lab", "--role", "lab", "--server", servers);
        var committed = await Run("commit", "run-cap", "--key", Key(lab), "--title", "cap", "--max-flop", "1e25", "--server", servers);
        var shown = await Run("party", "show", lab, "--server", servers);

        Assert.True(registered.Code == 0, registered.Err);
        Assert.True(committed.Code == 0, committed.Err);
        Assert.Equal(0, shown.Code);
        Assert.Contains("Failover Lab", shown.Out);
    }

    [Fact]
    public async Task Accord_EveryServerDown_ExitCode3()
    {
        var result = await Run("party", "list", "--server", "http://127.0.0.1:1, http://127.0.0.1:2");

        Assert.Equal(ExitCodes.Unreachable, result.Code);
        Assert.StartsWith("error: cannot reach the server", result.Err.Trim());
    }

    [Fact]
    public async Task Accord_ServerListWithABadAddress_ExitCode2()
    {
        var result = await Run("party", "list", "--server", $"{Url},not a url");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains("'not a url' is not a server URL", result.Err);
    }

    [Fact]
    public async Task Keygen_ExistingFile_RefusesWithoutForce()
    {
        Assert.Equal(0, (await Run("keygen", "--party", "lab-x", "--out", Key("lab-x"))).Code);
        var before = await File.ReadAllTextAsync(Key("lab-x"));

        var again = await Run("keygen", "--party", "lab-x", "--out", Key("lab-x"));

        Assert.Equal(ExitCodes.BadInput, again.Code);
        Assert.Equal(before, await File.ReadAllTextAsync(Key("lab-x")));
    }

    [Theory]
    [InlineData("keygen", "--party", "Lab A", "--out")]
    [InlineData("keygen", "--party", "Lab-A", "--out")]
    [InlineData("witness", "init", "--name", "Witness.Example.org", "--out")]
    public async Task KeygenOrWitnessInit_NotAPartyId_ExitCode2OneLineNamingTheRule_NoFileWritten(params string[] args)
    {
        var file = _dir.File("refused-" + Guid.NewGuid().ToString("N")[..6] + ".key");

        var result = await Run([.. args, file]);

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Matches(@"^error: --(party|name): '.+' is not a party id: 1 to 64 of \[a-z0-9._-\], starting with a letter or digit\n$", result.Err.Replace("\r", ""));
        Assert.DoesNotContain("Parameter", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task CommitmentShow_AUniquePrefix_ShowsIt_AnAmbiguousOneExit2NamingTheMatches_NoneExit2()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "prefix-lab");
        var ids = new List<string>();

        // 17 commitments: two of them share their first hex digit, so that digit is ambiguous for sure.
        for (var i = 0; i < 17; i++)
        {
            ids.Add((await lab.CommitAsync(TestParty.Pause())).CommitmentId);
        }

        var shown = await Run("commitment", "show", ids[0][..12], "--server", Url);
        Assert.Equal(0, shown.Code);
        Assert.Contains($"id:     {ids[0]}", shown.Out, StringComparison.Ordinal);

        var shared = ids.GroupBy(id => id[0]).First(g => g.Count() > 1).Key.ToString();
        var ambiguous = await Run("commitment", "show", shared, "--server", Url);
        Assert.Equal(ExitCodes.BadInput, ambiguous.Code);
        Assert.Contains($"error: '{shared}' starts ", ambiguous.Err, StringComparison.Ordinal);
        Assert.Contains("commitment ids: ", ambiguous.Err, StringComparison.Ordinal);

        var none = await Run("commitment", "show", "zz", "--server", Url);
        Assert.Equal(ExitCodes.BadInput, none.Code);
        Assert.Contains("no commitment id starts with 'zz'", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadCommands_Json_OneObjectInTheProtoJsonMapping()
    {
        var lab = await TestParty.RegisterAsync(server.Registry, "json-lab");
        var commitment = await lab.CommitAsync(TestParty.Pause());

        using var party = await Json("party", "show", lab.Id);
        Assert.Equal(lab.Id, party.RootElement.GetProperty("party").GetProperty("partyId").GetString());
        Assert.Equal("PARTY_ROLE_LAB", party.RootElement.GetProperty("party").GetProperty("roles")[0].GetString());

        using var commitments = await Json("commitments", "--party", lab.Id);
        var listed = Assert.Single(commitments.RootElement.GetProperty("commitments").EnumerateArray());
        Assert.Equal(commitment.CommitmentId, listed.GetProperty("commitmentId").GetString());
        Assert.Equal("", commitments.RootElement.GetProperty("nextPageToken").GetString());

        using var shown = await Json("commitment", "show", commitment.CommitmentId[..12]);
        Assert.Equal(commitment.CommitmentId, shown.RootElement.GetProperty("commitment").GetProperty("commitmentId").GetString());

        using var status = await Json("inspect", "status", lab.Id);
        Assert.Equal(commitment.CommitmentId, status.RootElement.GetProperty("commitments")[0].GetProperty("commitmentId").GetString());

        using var governance = await Json("governance", "show");
        Assert.Equal(1, governance.RootElement.GetProperty("threshold").GetInt32());

        using var devices = await Json("device", "list", "--party", lab.Id);
        Assert.Empty(devices.RootElement.GetProperty("devices").EnumerateArray());

        using var trust = await Json("trust", "list");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, trust.RootElement.GetProperty("roots").ValueKind);
    }

    private async Task<System.Text.Json.JsonDocument> Json(params string[] args)
    {
        var result = await Run([.. args, "--json", "--server", Url]);
        Assert.True(result.Code == 0, result.Err);
        Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return System.Text.Json.JsonDocument.Parse(result.Out);
    }

    private string Url => server.Address.ToString();

    private string Key(string party) => _dir.File(party + ".key");

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.RunAsync(args);
}
