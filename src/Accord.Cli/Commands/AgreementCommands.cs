using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Protos.V1;
using Google.Protobuf;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord agreement propose|sign|show|list`.</summary>
public static class AgreementCommands
{
    public static Command Build()
    {
        var agreement = new Command("agreement", "Propose, sign and read multi-party agreements");
        agreement.Add(Propose());
        agreement.Add(Sign());
        agreement.Add(Show());
        agreement.Add(List());
        return agreement;
    }

    private static Command Propose()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = new Option<string>("--id") { Description = "Agreement id (e.g. pause-2027)", Required = true };
        var title = new Option<string>("--title") { Description = "A short title", Required = true };
        var text = new Option<string?>("--text") { Description = "The agreement's full text" };
        var parties = new Option<string>("--parties") { Description = "The parties, comma-separated", Required = true };
        var threshold = new Option<uint?>("--threshold") { Description = "Activate once k parties have signed (default: all)" };
        var command = new Command("propose", "Propose an agreement among named parties") { key, id, title, text, parties, threshold, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            var proposal = new AgreementProposal
            {
                Header = RequestSigning.Header(file.PartyId),
                AgreementId = parse.GetRequiredValue(id),
                Title = parse.GetRequiredValue(title),
                Text = parse.GetValue(text) ?? "",
                Rule = parse.GetValue(threshold) is { } k ? new ActivationRule { Threshold = k } : new ActivationRule { All = true },
            };
            proposal.PartyIds.AddRange(CommonOptions.List(parse.GetRequiredValue(parties)));
            using var connection = CommonOptions.Connect(parse, server);
            var response = await SignedRequests.SendAsync(parse, "RegistryService/ProposeAgreement", proposal, file,
                envelope => connection.Registry.ProposeAgreementAsync(new ProposeAgreementRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is not null)
            {
                console.Ansi.Write(Tables.Agreement(response.Agreement));
            }
        });
        return command;
    }

    private static Command Sign()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = new Argument<string>("agreement-id");
        var command = new Command("sign", "Sign an agreement's exact terms as one of its parties") { id, key, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var connection = CommonOptions.Connect(parse, server);
            var current = (await connection.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = parse.GetRequiredValue(id) }, cancellationToken: cancellationToken)).Agreement;
            var signature = new AgreementSignature
            {
                Header = RequestSigning.Header(file.PartyId),
                AgreementId = current.AgreementId,
                TermsDigest = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(current.Proposal.Payload.Span)),
            };
            var response = await SignedRequests.SendAsync(parse, "RegistryService/SignAgreement", signature, file,
                envelope => connection.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is not null)
            {
                console.Ansi.Write(Tables.Agreement(response.Agreement));
            }
        });
        return command;
    }

    private static Command Show()
    {
        var server = CommonOptions.Server();
        var id = new Argument<string>("agreement-id");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show an agreement and who has signed") { id, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var response = await connection.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = parse.GetRequiredValue(id) }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, response);
                return;
            }

            var agreement = response.Agreement;
            console.Ansi.Write(Tables.Agreement(agreement));
            if (agreement.CommitmentIds.Count > 0)
            {
                console.Out.WriteLine($"commitments waiting on it: {string.Join(", ", agreement.CommitmentIds.Select(Tables.Short))}");
            }
        });
        return command;
    }

    private static Command List()
    {
        var server = CommonOptions.Server();
        var party = new Option<string?>("--party") { Description = "Only agreements that name this party" };
        var json = CommonOptions.Json();
        var command = new Command("list", "List agreements: parties, signatures so far and status") { party, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var agreements = await Listings.AgreementsAsync(connection.Registry, parse.GetValue(party), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, new ListAgreementsResponse { Agreements = { agreements } });
                return;
            }

            console.Ansi.Write(Tables.Agreements(agreements));
        });
        return command;
    }
}
