using System.Text.Json;
using Accord.Cli.Commands;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;

namespace Accord.IntegrationTests.Cli;

/// <summary>`accord session ...` against a real server: sessions with human seats driven entirely through the CLI.</summary>
[Collection(ServerCollection.Name)]
public sealed class SessionCliTests(AccordServerFixture server) : IDisposable
{
    private const string Cap = "Per-run compute cap (FLOP)";
    private readonly TempDirectory _dir = new("accord-session-cli-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Session_TwoHumanSeats_OfferAcceptProposeBothSignAgreementActive()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (state, lab) = ($"state-{suffix}", $"lab-{suffix}");
        var (session, agreement) = ($"s-{suffix}", $"deal-{suffix}");
        await Register(state);
        await Register(lab);

        var created = await Run("session", "create", "--key", Key(state), "--domain", SharedFolder.PauseTreaty, "--seat", state, "--seat", lab, "--id", session, "--server", Url);
        var started = await Run("session", "join", session, "--key", Key(lab), "--server", Url);
        var watching = Run("session", "watch", session, "--key", Key(state), "--server", Url);
        var offered = await Run("session", "offer", session, $"{Cap}=3e26", "Pause length (months)=6", "Monitoring coverage=95%", "Inspection notice=7 days",
            "--message", "six months, then 3e26", "--key", Key(state), "--server", Url);
        var accepted = await Run("session", "accept", session, "--key", Key(lab), "--server", Url);
        var watched = await watching.WaitAsync(TimeSpan.FromSeconds(30));
        var shown = await Run("session", "show", session, "--json", "--server", Url);
        var proposed = await Run("session", "propose-agreement", session, "--agreement-id", agreement, "--title", "Pause treaty", "--key", Key(lab), "--server", Url);
        var signedState = await Run("agreement", "sign", agreement, "--key", Key(state), "--server", Url);
        var signedLab = await Run("agreement", "sign", agreement, "--key", Key(lab), "--server", Url);

        Assert.True(created.Code == 0, created.Err);
        Assert.Contains($"seat 0: ConcernedState, human, party {state}", created.Out);
        Assert.Contains($"seat 1: FrontierLab, human, party {lab}", created.Out);
        Assert.Contains($"session id: {session}", created.Out);
        Assert.True(started.Code == 0, started.Err);
        Assert.Contains($"waiting for ConcernedState (party {state}) to offer (or end) at step 0", started.Out);
        Assert.True(offered.Code == 0, offered.Err);
        Assert.Contains($"waiting for FrontierLab (party {lab}) to accept, offer, reject or end at step 1, round 0; on the table: {Cap}=3e26, Pause length (months)=6, Monitoring coverage=95%, Inspection notice=7 days", offered.Out);
        Assert.True(accepted.Code == 0, accepted.Err);
        Assert.Contains("ended (agreement) after 1 rounds, agreement:", accepted.Out);

        // The watcher saw every event live, with issue names and its own seat's utility only, and left when the session ended.
        Assert.True(watched.Code == 0, watched.Err);
        var events = watched.Out.Trim().Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal(5, events.Length);
        Assert.StartsWith("#0 waiting for ConcernedState", events[0]);
        Assert.Matches($@"^#1 round 0 step 0: ConcernedState \(human\) offers {Regex(Cap)}=3e26, .*; utilities: ConcernedState 0\.\d+, FrontierLab hidden ""six months, then 3e26""$", events[1]);
        Assert.StartsWith("#2 waiting for FrontierLab", events[2]);
        Assert.StartsWith("#3 round 0 step 1: FrontierLab (human) accepts", events[3]);
        Assert.StartsWith("#4 ended (agreement)", events[4]);

        Assert.True(shown.Code == 0, shown.Err);
        var json = JsonDocument.Parse(shown.Out).RootElement.GetProperty("session");
        Assert.Equal("SESSION_STATUS_FINISHED", json.GetProperty("status").GetString());
        Assert.Equal(["3e26", "6", "95%", "7 days"], json.GetProperty("outcome").GetProperty("deal").EnumerateArray().Select(v => v.GetString()));

        Assert.True(proposed.Code == 0, proposed.Err);
        Assert.Contains($"each party signs it with `accord agreement sign {agreement} --key FILE`", proposed.Out);
        Assert.Contains($"{lab} registers: ", proposed.Out);
        Assert.Contains("accord commit run-cap", proposed.Out);
        Assert.True(signedState.Code == 0, signedState.Err);
        Assert.True(signedLab.Code == 0, signedLab.Err);
        Assert.Contains("active", signedLab.Out);
        var record = (await server.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = agreement })).Agreement;
        Assert.Equal(AgreementStatus.Active, record.Status);
        Assert.Equal([state, lab], record.PartyIds);
        Assert.Equal(lab, record.ProposedBy);
    }

    [Fact]
    public async Task Session_HumanAgainstAgent_AgentAnswersAndShowHidesTheOthersUtilities()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (human, agent) = ($"h-{suffix}", $"a-{suffix}");
        await Register(human);
        await Register(agent);
        var created = await Run("session", "create", "--key", Key(human), "--domain", SharedFolder.PauseTreaty, "--seat", human, "--seat", $"{agent}=boulware", "--server", Url);
        var session = created.Out.Split('\n').Single(l => l.StartsWith("session id: ", StringComparison.Ordinal))["session id: ".Length..].Trim();

        var started = await Run("session", "start", session, "--key", Key(human), "--server", Url);
        var offered = await Run("session", "offer", session, $"{Cap}=1e25", "Pause length (months)=24", "Monitoring coverage=99%", "Inspection notice=24 hours", "--key", Key(human), "--server", Url);
        var ended = await Run("session", "end", session, "--key", Key(human), "--server", Url);
        var shown = await Run("session", "show", session, "--key", Key(human), "--server", Url);

        Assert.True(created.Code == 0, created.Err);
        Assert.StartsWith("s-", session);
        Assert.True(started.Code == 0, started.Err);
        Assert.Contains($"party {human}) to offer (or end) at step 0", started.Out);
        Assert.True(offered.Code == 0, offered.Err);
        Assert.Contains($"waiting for ConcernedState (party {human}) to accept, offer, reject or end at step 2", offered.Out);
        Assert.True(ended.Code == 0, ended.Err);
        Assert.Contains("ended (ended by ConcernedState)", ended.Out);
        Assert.Contains("no agreement", ended.Out);
        Assert.True(shown.Code == 0, shown.Err);
        Assert.Contains($"seat 1: FrontierLab, boulware, party {agent}", shown.Out);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(shown.Out, $@"round 0 step 0: ConcernedState \(human\) offers {Regex(Cap)}=1e25, .*; utilities: ConcernedState \d(\.\d+)?, FrontierLab hidden"), shown.Out);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(shown.Out, @"round 0 step 1: FrontierLab \(boulware\) offers .*; utilities: ConcernedState \d(\.\d+)?, FrontierLab hidden"), shown.Out);
    }

    [Fact]
    public async Task SessionOffer_BadInput_ExitCode2OrServersRefusalAndNothingMoves()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (a, b, outsider) = ($"oa-{suffix}", $"ob-{suffix}", $"oc-{suffix}");
        foreach (var party in new[] { a, b, outsider })
        {
            await Register(party);
        }

        var session = $"bad-{suffix}";
        Assert.Equal(0, (await Run("session", "create", "--key", Key(a), "--domain", SharedFolder.PauseTreaty, "--seat", a, "--seat", b, "--id", session, "--server", Url)).Code);
        Assert.Equal(0, (await Run("session", "start", session, "--key", Key(a), "--server", Url)).Code);

        var noEquals = await Run("session", "offer", session, "3e26", "--key", Key(a), "--server", Url);
        var twice = await Run("session", "offer", session, $"{Cap}=3e26", $"{Cap}=1e26", "--key", Key(a), "--server", Url);
        var notSeated = await Run("session", "accept", session, "--key", Key(outsider), "--server", Url);
        var unknownIssue = await Run("session", "offer", session, $"{Cap}=3e26", "Pause length (months)=6", "Monitoring coverage=95%", "Sanction=1", "--key", Key(a), "--server", Url);
        var notYourTurn = await Run("session", "accept", session, "--key", Key(b), "--server", Url);
        var unknownSession = await Run("session", "show", $"nope-{suffix}", "--server", Url);
        var noDomain = await Run("session", "create", "--key", Key(a), "--domain", _dir.File("missing.json"), "--seat", a, "--seat", b, "--server", Url);
        var emptyAgent = await Run("session", "create", "--key", Key(a), "--domain", SharedFolder.PauseTreaty, "--seat", a, "--seat", $"{b}=", "--server", Url);

        Assert.Equal((ExitCodes.BadInput, "error: '3e26' is not ISSUE=VALUE (quote an issue or value with spaces: \"Pause length (months)=6\")"), (noEquals.Code, noEquals.Err.Trim()));
        Assert.Equal((ExitCodes.BadInput, $"error: issue '{Cap}' is given twice"), (twice.Code, twice.Err.Trim()));
        Assert.Equal(ExitCodes.BadInput, notSeated.Code);
        Assert.Equal($"error: party '{outsider}' holds no seat in session '{session}' (seats: ConcernedState {a}, FrontierLab {b})", notSeated.Err.Trim());
        Assert.Equal(ExitCodes.Refused, unknownIssue.Code);
        Assert.StartsWith("error: INVALID_ARGUMENT (OUT_OF_DOMAIN): ", unknownIssue.Err.Trim());
        Assert.Single(unknownIssue.Err.Trim().Split('\n'));
        Assert.Equal(ExitCodes.Refused, notYourTurn.Code);
        Assert.StartsWith("error: FAILED_PRECONDITION (NOT_YOUR_TURN): ", notYourTurn.Err.Trim());
        Assert.Equal(ExitCodes.Refused, unknownSession.Code);
        Assert.StartsWith("error: NOT_FOUND (UNKNOWN_SESSION): ", unknownSession.Err.Trim());
        Assert.Equal((ExitCodes.BadInput, $"error: --domain: '{_dir.File("missing.json")}' is neither a domain file nor a folder"), (noDomain.Code, noDomain.Err.Trim()));
        Assert.Equal(ExitCodes.BadInput, emptyAgent.Code);
        Assert.StartsWith($"error: --seat: '{b}=' names no agent", emptyAgent.Err.Trim());
        var after = (await server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = session })).Session;
        Assert.Empty(after.Trace);
        Assert.Equal((SessionStatus.AwaitingMove, 0u), (after.Status, after.Awaiting.Step));
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    private async Task Register(string party)
    {
        Assert.Equal(0, (await Run("keygen", "--party", party, "--out", Key(party))).Code);
        var registered = await Run("party", "register", "--key", Key(party), "--name", party.ToUpperInvariant(), "--server", Url);
        Assert.True(registered.Code == 0, registered.Err);
    }

    private string Url => server.Address.ToString();

    private string Key(string party) => _dir.File(party + ".key");

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.RunAsync(args);
}
