using System.CommandLine;
using System.Text.Json;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;

namespace Accord.IntegrationTests.Cli;

/// <summary>`--dry-run`: on every command that signs a change, and against a real server it prints the payload and changes nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class DryRunCliTests(AccordServerFixture server) : IDisposable
{
    /// <summary>Commands that sign with a key yet have no single request to show, and why.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["accord agent run"] = "a long-running monitoring agent: it streams device reports until stopped",
        ["accord inspect watch"] = "reads violations; its only write, acknowledging them, is turned off by --no-ack",
        ["accord inspect violations"] = "a signed read (GetRunDetails): it changes nothing",
    };

    private readonly TempDirectory _dir = new("accord-dry-run-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CommandTree_EveryCommandThatSignsAChange_HasDryRun()
    {
        var commands = Walk(AccordCli.BuildRoot(), "accord").ToList();
        var signing = commands.Where(c => Signs(c.Command)).Select(c => c.Path).ToList();
        var withDryRun = commands.Where(c => c.Command.Options.Any(o => o.Name == SignedRequests.DryRunName)).Select(c => c.Path).ToHashSet();

        var missing = signing.Where(p => !withDryRun.Contains(p) && !Exempt.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, $"commands that sign a change without --dry-run: {string.Join(", ", missing)}");
        Assert.All(Exempt.Keys, p => Assert.Contains(p, signing));
        Assert.Subset(withDryRun, new HashSet<string>
        {
            "accord party register", "accord governance grant", "accord governance revoke", "accord governance reinstate",
            "accord commit run-cap", "accord commit aggregate-cap", "accord commit cluster-cap", "accord commit pause", "accord commit notify",
            "accord commit coverage", "accord commit band", "accord commit inspection", "accord commitment withdraw", "accord commitment attest",
            "accord agreement propose", "accord agreement sign", "accord trust add-root", "accord trust revoke", "accord device enrol",
            "accord inspect notify", "accord inspect verdict", "accord witness run", "accord session create", "accord session start",
            "accord session stop", "accord session offer", "accord session accept", "accord session reject", "accord session end",
            "accord session propose-agreement",
        });
    }

    [Fact]
    public async Task DryRun_MutatingCommandsAgainstARealServer_PrintPayloadAndChangeNothing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (lab, other, stranger) = ($"dry-{suffix}", $"dry-o-{suffix}", $"dry-s-{suffix}");
        foreach (var party in new[] { lab, other, stranger })
        {
            Assert.Equal(0, (await Run("keygen", "--party", party, "--out", Key(party))).Code);
        }

        foreach (var party in new[] { lab, other })
        {
            Assert.Equal(0, (await Run("party", "register", "--key", Key(party), "--name", party, "--server", Url)).Code);
        }

        var governance = await server.Registry.GetGovernanceAsync(new GetGovernanceRequest());
        var before = (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;

        var register = await DryRun("party", "register", "--key", Key(stranger), "--name", "Stranger");
        var commit = await DryRun("commit", "run-cap", "--key", Key(lab), "--title", "cap", "--max-flop", "1e25");
        var propose = await DryRun("agreement", "propose", "--key", Key(lab), "--id", $"a-{suffix}", "--title", "t", "--parties", $"{lab},{other}");
        var grant = await DryRun("governance", "grant", "--party", lab, "--role", "inspector", "--reason", "audit", "--governance-key", TestGovernance.KeyFilePath);
        var create = await DryRun("session", "create", "--key", Key(lab), "--domain", SharedFolder.PauseTreaty, "--seat", lab, "--seat", other, "--id", $"s-{suffix}");
        var notify = await DryRun("inspect", "notify", "--key", Key(lab), "--workload", "w", "--expected-flop", "2e25");

        Assert.Equal(before, (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = stranger }).ResponseAsync)).StatusCode);
        Assert.Empty((await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = lab })).Commitments);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => server.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = $"a-{suffix}" }).ResponseAsync)).StatusCode);
        Assert.Equal(governance.LastSequence, (await server.Registry.GetGovernanceAsync(new GetGovernanceRequest())).LastSequence);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = $"s-{suffix}" }).ResponseAsync)).StatusCode);

        Assert.Equal(stranger, Payload(register, "RegistryService/RegisterParty", "accord.v1.PartyRegistration", stranger).GetProperty("header").GetProperty("partyId").GetString());
        Assert.Equal(1e25, Payload(commit, "RegistryService/RegisterCommitment", "accord.v1.CommitmentStatement", lab).GetProperty("terms").GetProperty("trainingRunCap").GetProperty("maxFlop").GetDouble());
        Assert.Equal([lab, other], Payload(propose, "RegistryService/ProposeAgreement", "accord.v1.AgreementProposal", lab).GetProperty("partyIds").EnumerateArray().Select(p => p.GetString()));
        var act = Payload(grant, "RegistryService/Govern", "accord.v1.GovernanceAct", $"governance key {TestGovernance.Key.KeyId}");
        Assert.Equal((governance.LastSequence + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), act.GetProperty("sequence").GetString());
        Assert.Equal("PARTY_ROLE_INSPECTOR", act.GetProperty("grantRole").GetProperty("role").GetString());
        var creation = Payload(create, "NegotiationService/CreateSession", "accord.v1.SessionCreation", lab);
        Assert.Equal(["ConcernedState", "FrontierLab"], creation.GetProperty("genius").GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("partyName").GetString()));
        Assert.Equal("human", creation.GetProperty("seats")[0].GetProperty("agent").GetString());
        Assert.Equal("w", Payload(notify, "ComplianceService/NotifyTraining", "accord.v1.TrainingNotification", lab).GetProperty("workloadId").GetString());
    }

    [Fact]
    public async Task DryRun_BadInput_StillExitCode2()
    {
        var lab = $"dry-b-{Guid.NewGuid().ToString("N")[..6]}";
        await Run("keygen", "--party", lab, "--out", Key(lab));

        var result = await DryRun("commit", "run-cap", "--key", Key(lab), "--title", "cap", "--max-flop", "lots");

        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Equal("error: --max-flop: 'lots' is not a number (use e.g. 1e26)", result.Err.Trim());
        Assert.Empty(result.Out);
    }

    /// <summary>The payload a dry run printed, after checking its lines: nothing sent, the RPC, the signer, the payload type.</summary>
    private static JsonElement Payload((int Code, string Out, string Err) result, string rpc, string type, string signer)
    {
        Assert.True(result.Code == 0, result.Err);
        var lines = result.Out.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("dry run: nothing was sent", lines[0]);
        Assert.Equal($"rpc: accord.v1.{rpc}", lines[1]);
        Assert.StartsWith($"signed by: {signer}", lines[2]);
        Assert.Equal($"payload ({type}):", lines[3]);
        return JsonDocument.Parse(lines[4]).RootElement.Clone();
    }

    private static bool Signs(Command command) =>
        command.Options.Any(o => o.Required && o.Name is "--key" or "--governance-key");

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var found in Walk(sub, $"{path} {sub.Name}"))
            {
                yield return found;
            }
        }
    }

    private Task<(int Code, string Out, string Err)> DryRun(params string[] args) => Run([.. args, "--server", Url, "--dry-run"]);

    private string Url => server.Address.ToString();

    private string Key(string party) => _dir.File(party + ".key");

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.RunAsync(args);
}
