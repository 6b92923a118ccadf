using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Protos.V1;
using Google.Protobuf;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord party register|show|list`.</summary>
public static class PartyCommands
{
    public static Command Build()
    {
        var party = new Command("party", "Register and read parties");
        party.Add(Register());
        party.Add(Show());
        party.Add(List());
        return party;
    }

    private static Command Register()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var name = new Option<string>("--name") { Description = "Human-readable name", Required = true };
        var roles = new Option<string>("--role")
        {
            Description = "lab (the default) or none; inspector and negotiator are granted by the governance body (accord governance grant) to a party registered with none",
            DefaultValueFactory = _ => "lab",
        };
        var command = new Command("register", "Register the party a key file belongs to") { key, name, roles, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var connection = CommonOptions.Connect(parse, server);
            var registration = new PartyRegistration
            {
                Header = RequestSigning.Header(file.PartyId),
                DisplayName = parse.GetRequiredValue(name),
                PublicKey = ByteString.CopyFrom(file.Key.PublicKey.ToBytes()),
            };
            registration.Roles.AddRange(CommonOptions.List(parse.GetRequiredValue(roles)).Where(r => r != "none").Select(ParseRole));
            var response = await SignedRequests.SendAsync(parse, "RegistryService/RegisterParty", registration, file,
                envelope => connection.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is not null)
            {
                console.Ansi.Write(Tables.Parties([response.Party]));
            }
        });
        return command;
    }

    private static Command Show()
    {
        var server = CommonOptions.Server();
        var id = new Argument<string>("party-id") { Description = "The party id" };
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one party") { id, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var response = await connection.Registry.GetPartyAsync(new GetPartyRequest { PartyId = parse.GetRequiredValue(id) }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, response);
                return;
            }

            console.Ansi.Write(Tables.Parties([response.Party]));
        });
        return command;
    }

    private static Command List()
    {
        var server = CommonOptions.Server();
        var json = CommonOptions.Json();
        var command = new Command("list", "List every registered party") { server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var parties = await Listings.PartiesAsync(connection.Registry, cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, new ListPartiesResponse { Parties = { parties } });
                return;
            }

            console.Ansi.Write(Tables.Parties(parties));
        });
        return command;
    }

    public static PartyRole ParseRole(string role) => role.ToLowerInvariant() switch
    {
        "lab" => PartyRole.Lab,
        "inspector" => PartyRole.Inspector,
        "negotiator" => PartyRole.Negotiator,
        _ => throw new CliFailure($"--role: '{role}' is not one of lab, inspector, negotiator"),
    };
}
