using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Protos.V1;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord commitments`, `accord commitment show|withdraw|attest`.</summary>
public static class CommitmentCommands
{
    public static Command BuildList()
    {
        var server = CommonOptions.Server();
        var party = new Option<string?>("--party") { Description = "Only this party's commitments" };
        var json = CommonOptions.Json();
        var command = new Command("commitments", "List commitments and their status") { party, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var commitments = await Listings.CommitmentsAsync(connection.Registry, parse.GetValue(party), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, new ListCommitmentsResponse { Commitments = { commitments } });
                return;
            }

            console.Ansi.Write(Tables.Commitments(commitments));
        });
        return command;
    }

    public static Command Build()
    {
        var commitment = new Command("commitment", "Read, withdraw or release one commitment");
        commitment.Add(Show());
        commitment.Add(Withdraw());
        commitment.Add(Attest());
        return commitment;
    }

    private static Command Show()
    {
        var server = CommonOptions.Server();
        var id = new Argument<string>("commitment-id") { Description = "The commitment id, or any start of it that names one commitment (tables show 12 characters)" };
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one commitment") { id, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = CommonOptions.Connect(parse, server);
            var commitmentId = await Ids.CommitmentAsync(connection.Registry, parse.GetRequiredValue(id), cancellationToken);
            var response = await connection.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = commitmentId }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, response);
                return;
            }

            var c = response.Commitment;
            console.Ansi.Write(Tables.Commitments([c]));
            console.Out.WriteLine($"id:     {c.CommitmentId}");
            console.Out.WriteLine($"title:  {c.Title}");
            console.Out.WriteLine($"status: {c.Status} ({c.StatusReason})");
            console.Out.WriteLine("history:");
            foreach (var e in c.History)
            {
                var entry = e.HasLogIndex ? $"log entry {e.LogIndex}" : "no log entry";
                console.Out.WriteLine(Printable.Text($"  {e.At.ToDateTimeOffset():u}  {e.Status.ToString().ToLowerInvariant(),-9}  {e.Reason} ({entry})"));
            }
        });
        return command;
    }

    private static Command Withdraw()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = new Argument<string>("commitment-id") { Description = "The commitment id, or any start of it that names one commitment (tables show 12 characters)" };
        var reason = new Option<string?>("--reason") { Description = "Why, in words" };
        var command = new Command("withdraw", "Withdraw one of your own commitments (a signed, recorded act)") { id, key, reason, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var connection = CommonOptions.Connect(parse, server);
            var withdrawal = new CommitmentWithdrawal
            {
                Header = RequestSigning.Header(file.PartyId),
                CommitmentId = await Ids.CommitmentAsync(connection.Registry, parse.GetRequiredValue(id), cancellationToken),
                Reason = parse.GetValue(reason) ?? "",
            };
            var response = await SignedRequests.SendAsync(parse, "RegistryService/WithdrawCommitment", withdrawal, file,
                envelope => connection.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is not null)
            {
                console.Ansi.Write(Tables.Commitments([response.Commitment]));
            }
        });
        return command;
    }

    private static Command Attest()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = new Argument<string>("commitment-id") { Description = "The commitment id, or any start of it that names one commitment (tables show 12 characters)" };
        var condition = new Option<string>("--condition") { Description = "The condition, exactly as the commitment states it", Required = true };
        var statement = new Option<string?>("--statement") { Description = "The evidence, in words" };
        var command = new Command("attest", "As the named inspector, attest that a pause's release condition is met") { id, key, condition, statement, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var connection = CommonOptions.Connect(parse, server);
            var attestation = new ConditionAttestation
            {
                Header = RequestSigning.Header(file.PartyId),
                CommitmentId = await Ids.CommitmentAsync(connection.Registry, parse.GetRequiredValue(id), cancellationToken),
                Condition = parse.GetRequiredValue(condition),
                Statement = parse.GetValue(statement) ?? "",
            };
            var response = await SignedRequests.SendAsync(parse, "RegistryService/AttestCondition", attestation, file,
                envelope => connection.Registry.AttestConditionAsync(new AttestConditionRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is not null)
            {
                console.Ansi.Write(Tables.Commitments([response.Commitment]));
            }
        });
        return command;
    }
}
