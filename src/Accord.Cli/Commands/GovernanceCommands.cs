using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client.Governance;
using Accord.Core.Keys;
using Accord.Protos.V1;

namespace Accord.Cli.Commands;

/// <summary>`accord governance show|grant|revoke|reinstate`: the governance body's acts (docs/concepts.md, "Governance").</summary>
public static class GovernanceCommands
{
    public static Command Build()
    {
        var governance = new Command("governance", "Grant and remove roles, lift revocations: acts of the governance body, signed by its keys");
        governance.Add(Show());
        governance.Add(RoleAct("grant", "Grant a registered party a role", GovernanceActs.GrantRole, "granted"));
        governance.Add(RoleAct("revoke", "Remove a role from a party", GovernanceActs.RevokeRole, "removed"));
        governance.Add(Reinstate());
        return governance;
    }

    private static Command Show()
    {
        var server = CommonOptions.Server();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show the governance body: its keys, threshold and last act") { server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var body = await connection.Registry.GetGovernanceAsync(new GetGovernanceRequest(), cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, body);
                return;
            }

            console.Out.WriteLine($"threshold: {body.Threshold} of {body.Keys.Count} keys");
            foreach (var key in body.Keys)
            {
                console.Out.WriteLine($"key: {key.KeyId} ({Convert.ToBase64String(key.PublicKey.ToByteArray())})");
            }

            console.Out.WriteLine($"last act: {body.LastSequence}");
        });
        return command;
    }

    private static Command RoleAct(string name, string description, Func<ulong, string, PartyRole, string, GovernanceAct> act, string done)
    {
        var server = CommonOptions.Server();
        var keys = CommonOptions.GovernanceKeys(required: true);
        var party = new Option<string>("--party") { Description = "The party id", Required = true };
        var role = new Option<string>("--role") { Description = "lab, inspector or negotiator", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (logged with the act)", Required = true };
        var command = new Command(name, description) { party, role, reason, keys, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var signers = CommonOptions.ReadGovernanceKeys(parse, keys);
            var partyId = parse.GetRequiredValue(party);
            var wanted = PartyCommands.ParseRole(parse.GetRequiredValue(role));
            using var connection = CommonOptions.Connect(parse, server);
            var response = await SignedRequests.GovernAsync(
                parse, connection.Registry, sequence => act(sequence, partyId, wanted, parse.GetRequiredValue(reason)), signers, cancellationToken);
            Dispose(signers);
            if (response is null)
            {
                return;
            }

            console.Out.WriteLine($"act {response.Sequence}: {done} the {parse.GetRequiredValue(role).ToLowerInvariant()} role of '{Printable.Text(partyId)}'; logged at index {response.Receipt.Index}");
            console.Ansi.Write(Tables.Parties([response.Party]));
        });
        return command;
    }

    private static Command Reinstate()
    {
        var server = CommonOptions.Server();
        var keys = CommonOptions.GovernanceKeys(required: true);
        var sha = new Option<string>("--sha256") { Description = "The revoked certificate's SHA-256 (hex), as `accord trust list` shows it", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (logged with the act)", Required = true };
        var command = new Command("reinstate", "Lift an inspector's revocation of a certificate") { sha, reason, keys, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var signers = CommonOptions.ReadGovernanceKeys(parse, keys);
            var hash = parse.GetRequiredValue(sha).ToLowerInvariant();
            using var connection = CommonOptions.Connect(parse, server);
            var response = await SignedRequests.GovernAsync(
                parse, connection.Registry, sequence => GovernanceActs.ReinstateCertificate(sequence, hash, parse.GetRequiredValue(reason)), signers, cancellationToken);
            Dispose(signers);
            if (response is null)
            {
                return;
            }

            console.Out.WriteLine($"act {response.Sequence}: certificate {hash} is trusted again; logged at index {response.Receipt.Index}");
        });
        return command;
    }

    private static void Dispose(IReadOnlyList<PartyKeyPair> keys)
    {
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }
}
