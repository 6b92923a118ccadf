using System.Text.Json;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Testing;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>`accord negotiate`, `accord tournament` and `accord bench negotiate`, run in-process on the shared PauseTreaty domain.</summary>
public sealed class NegotiateCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("accord-negotiate-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Negotiate_PauseTreatyBoulwareBoulwareJson_AgreementWithOutcomeAndUtilities()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("negotiate", "--domain", SharedFolder.PauseTreaty, "--agents", "boulware,boulware", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("agreement").GetBoolean());
        var outcome = root.GetProperty("outcome");
        Assert.Equal(["Per-run compute cap (FLOP)", "Pause length (months)", "Monitoring coverage", "Inspection notice"], outcome.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1e26", outcome.GetProperty("Per-run compute cap (FLOP)").GetString());
        var utilities = root.GetProperty("utilities");
        Assert.Equal(0.585, utilities.GetProperty("ConcernedState").GetDouble(), 9);
        Assert.Equal(0.635, utilities.GetProperty("FrontierLab").GetDouble(), 9);
        Assert.Equal(90, root.GetProperty("rounds").GetInt32());
        Assert.True(root.GetProperty("nash_distance").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("trace").ValueKind);
    }

    [Fact]
    public async Task Negotiate_MediatorAlone_ReachesTheNashPointAndWritesTheFrontierSvg()
    {
        var svg = _dir.File("space.svg");

        var (code, stdout, _) = await CliRunner.RunAsync("negotiate", "--domain", SharedFolder.PauseTreaty, "--agents", "mediator", "--json", "--svg", svg);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("single_text", root.GetProperty("protocol").GetString());
        Assert.Equal(
            ["3e26", "6", "99%", "24 hours"],
            root.GetProperty("outcome").EnumerateObject().Select(p => p.Value.GetString()));
        Assert.Equal(0, root.GetProperty("nash_distance").GetDouble(), 9);
        Assert.Equal(0.68, root.GetProperty("utilities").GetProperty("FrontierLab").GetDouble(), 9);
        var text = await File.ReadAllTextAsync(svg);
        Assert.Equal("svg", System.Xml.Linq.XDocument.Parse(text).Root!.Name.LocalName);
        Assert.All(["Pareto frontier", "Nash point", "Kalai point", "texts of the mediator", "utility of ConcernedState", "utility of FrontierLab"], s => Assert.Contains(s, text));
    }

    [Fact]
    public async Task Negotiate_SvgNamedPng_WritesAPng()
    {
        var png = _dir.File("space.png");

        var (code, stdout, _) = await CliRunner.RunAsync("negotiate", "--domain", SharedFolder.PauseTreaty, "--agents", "mediator", "--svg", png);

        Assert.Equal(0, code);
        Assert.Contains($"utility space: {png}", stdout);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(png))[..4]);
    }

    [Fact]
    public async Task Negotiate_SvgNeitherSvgNorPng_ExitCode2()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("negotiate", "--domain", SharedFolder.PauseTreaty, "--agents", "mediator", "--svg", _dir.File("space.jpg"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--svg: ", stderr);
        Assert.Contains("a chart is written as .svg or .png", stderr);
    }

    [Fact]
    public async Task Negotiate_Default_PrintsTheSummaryWithIssueNamesAndNoTrace()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("negotiate", "--domain", NegotiationData.ThreeLabsPath, "--agents", "boulware,linear,conceder", "--rounds", "100", "--seed", "0");

        Assert.Equal(0, code);
        Assert.Contains("ThreeLabs: boulware (FrontierLab) vs linear (SafetyLab) vs conceder (OpenLab)", stdout);
        Assert.Contains("agreement in round 81 of 100", stdout);
        Assert.Contains("compute_cap", stdout);
        Assert.Contains("pause_months", stdout);
        Assert.Contains("distance to Nash point", stdout);
        Assert.DoesNotContain("trace", stdout);
        Assert.DoesNotContain("│ offer", stdout);
    }

    [Fact]
    public async Task Negotiate_Trace_EveryMoveWithIssueColumnsAndRoundsFromOne()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("negotiate", "--domain", NegotiationData.ThreeLabsPath, "--agents", "boulware,linear,conceder", "--rounds", "100", "--seed", "0", "--trace");
        var json = await CliRunner.RunAsync("negotiate", "--domain", NegotiationData.ThreeLabsPath, "--agents", "boulware,linear,conceder", "--rounds", "100", "--seed", "0", "--json");

        Assert.Equal(0, code);
        var header = stdout.Split('\n').First(l => l.Contains("round", StringComparison.Ordinal) && l.Contains("action", StringComparison.Ordinal));
        Assert.Contains("compute_cap", header);
        Assert.Contains("coverage", header);
        var rows = stdout.Split('\n').Where(l => l.Contains("│ offer", StringComparison.Ordinal) || l.Contains("│ accept", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("1", rows[0].Trim('│', ' '));
        Assert.StartsWith("81", rows[^1].Trim('│', ' '));
        Assert.Contains("agreement in round 81 of 100", stdout);
        using var doc = JsonDocument.Parse(json.Out);
        var trace = doc.RootElement.GetProperty("trace");
        Assert.Equal(1, trace[0].GetProperty("round").GetInt32());
        Assert.Equal(doc.RootElement.GetProperty("rounds").GetInt32(), trace[trace.GetArrayLength() - 1].GetProperty("round").GetInt32());
    }

    [Fact]
    public async Task Negotiate_AgentCountNotThePartyCount_ExitCode2()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("negotiate", "--domain", SharedFolder.PauseTreaty, "--agents", "boulware");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: --agents: domain 'PauseTreaty' has 2 parties (ConcernedState, FrontierLab); give one agent each, in that order (got 1)", stderr.Trim());
    }

    [Fact]
    public async Task Negotiate_UnknownAgentOrBadDomain_ExitCode2()
    {
        var bad = _dir.File("bad.json");
        await File.WriteAllTextAsync(bad, "{\"format\": \"accord-negotiation-domain/1\", \"name\": 3}");

        var agent = await CliRunner.RunAsync("negotiate", "--domain", SharedFolder.PauseTreaty, "--agents", "boulware,haggler");
        var domain = await CliRunner.RunAsync("negotiate", "--domain", bad, "--agents", "boulware,boulware");

        Assert.Equal(ExitCodes.BadInput, agent.Code);
        Assert.Contains("Unknown agent 'haggler'", agent.Err);
        Assert.Equal(ExitCodes.BadInput, domain.Code);
        Assert.Contains("$.name must be a string", domain.Err);
    }

    [Fact]
    public async Task Tournament_PauseTreaty_PrintsLeaderboardAndWritesCsvAndSvgs()
    {
        var csv = _dir.File("sessions.csv");
        var svgs = _dir.File("svg");

        var (code, stdout, _) = await CliRunner.RunAsync("tournament", "--domains", SharedFolder.PauseTreaty, "--agents", "boulware,micro", "--csv", csv, "--svg", svgs);

        Assert.Equal(0, code);
        Assert.Contains("mean advantage", stdout);
        Assert.Contains("4 sessions on PauseTreaty", stdout);
        Assert.Equal(5, (await File.ReadAllLinesAsync(csv)).Length);
        Assert.Equal(4, Directory.GetFiles(svgs, "*.svg").Length);
    }

    [Fact]
    public async Task BenchNegotiate_Json_SnakeCaseFiguresOfTheMediator()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("bench", "negotiate", "--runs", "1", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(1_000_000, root.GetProperty("outcomes").GetInt64());
        Assert.Equal(8801, root.GetProperty("frontier_size").GetInt32());
        Assert.True(root.GetProperty("exact").GetBoolean());
        Assert.Equal(6, root.GetProperty("nash").EnumerateObject().Count());
        Assert.Equal(5, root.GetProperty("nash_utilities").GetArrayLength());
    }
}
