using System.CommandLine;
using Accord.Cli.Client;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Client.Verdicts;
using Accord.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord inspect status|watch|violations|notify|verdict|verify-bundle`: compliance computed from evidence.</summary>
public static class InspectCommands
{
    public static Command Build()
    {
        var inspect = new Command("inspect", "Compliance from evidence: status per commitment, live violations");
        inspect.Add(Status());
        inspect.Add(Watch());
        inspect.Add(Violations());
        inspect.Add(Notify());
        inspect.Add(Verdict());
        inspect.Add(VerifyBundle());
        return inspect;
    }

    private static ComplianceService.ComplianceServiceClient Client(CallInvoker channel) => new(channel);

    private static Command Status()
    {
        var server = CommonOptions.Server();
        var party = new Argument<string>("party-id");
        var json = CommonOptions.Json();
        var command = new Command("status", "Each commitment of a party judged on its verified reports (public view)") { party, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var channel = CommonOptions.Channel(parse, server);
            var status = await Client(channel).GetStatusAsync(new GetStatusRequest { PartyId = parse.GetRequiredValue(party) }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, status);
                return;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("commitment", "state", "measured", "limit", "why");
            foreach (var c in status.Commitments)
            {
                table.AddRow(
                    Tables.Short(c.CommitmentId),
                    c.State switch
                    {
                        ComplianceState.Holds => "[green]holds[/]",
                        ComplianceState.Breached => "[red]breached[/]",
                        _ => "[yellow]not verifiable[/]",
                    },
                    c.Measured.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture),
                    c.Limit.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture),
                    Printable.Markup(c.Why));
            }

            console.Ansi.Write(table);
            console.Out.WriteLine($"{status.Reports} reports, {status.TotalFlop:0.###e0} FLOP, {status.Devices} devices ({status.SilentDevices} silent)");
        });
        return command;
    }

    private static Command Watch()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var party = new Option<string?>("--party") { Description = "Only this party's violations (inspectors); a lab always sees only its own" };
        var noAck = new Option<bool>("--no-ack") { Description = "Do not acknowledge what was printed (it is delivered again next time)" };
        var command = new Command("watch", "Print violations as they are found, from after the last acknowledged one; acknowledges each") { key, party, noAck, server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var channel = CommonOptions.Channel(parse, server);
            var client = Client(channel);
            var subscription = new ViolationSubscription { Header = RequestSigning.Header(file.PartyId), PartyId = parse.GetValue(party) ?? "" };
            using var call = client.WatchViolations(new WatchViolationsRequest { Envelope = RequestSigning.Sign(subscription, file.Key) }, cancellationToken: cancellationToken);
            try
            {
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var e = call.ResponseStream.Current;
                    var v = e.Violation;
                    console.Out.WriteLine($"#{e.Sequence} {ViolationText.Line(v)}");
                    if (!parse.GetValue(noAck))
                    {
                        await client.AcknowledgeViolationsAsync(new AcknowledgeViolationsRequest
                        {
                            Envelope = RequestSigning.Sign(new ViolationAcknowledgement { Header = RequestSigning.Header(file.PartyId), Sequence = e.Sequence }, file.Key),
                        }, cancellationToken: cancellationToken);
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
            }
        });
        return command;
    }

    private static Command Violations()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var party = new Argument<string>("party-id") { Description = "The party whose violations to list (a lab: itself)" };
        var json = CommonOptions.Json();
        var command = new Command("violations", "Every violation found against a party so far, acknowledged or not (the party itself or an inspector)") { party, key, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var channel = CommonOptions.Channel(parse, server);
            var query = new RunDetailsQuery { Header = RequestSigning.Header(file.PartyId), PartyId = parse.GetRequiredValue(party) };
            var details = await Client(channel).GetRunDetailsAsync(new GetRunDetailsRequest { Envelope = RequestSigning.Sign(query, file.Key) }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, new GetRunDetailsResponse { Violations = { details.Violations } });
                return;
            }

            foreach (var v in details.Violations)
            {
                console.Out.WriteLine(ViolationText.Line(v));
            }

            console.Out.WriteLine($"{details.Violations.Count} violation{(details.Violations.Count == 1 ? "" : "s")} against {Printable.Text(query.PartyId)}");
        });
        return command;
    }

    private static Command Verdict()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var party = new Option<string>("--party") { Description = "The party judged", Required = true };
        var commitment = new Option<string[]>("--commitment")
        {
            Description = "A commitment to judge, by id or any start of one (repeatable); without it, every commitment of the party that has begun binding",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the evidence bundle", Required = true };
        var command = new Command("verdict", "As an inspector: sign the compliance ledger's findings on a party's commitments, log the verdict, write the evidence bundle (alias: bundle)") { key, party, commitment, output, server, SignedRequests.DryRun() };
        command.Aliases.Add("bundle");
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var channel = CommonOptions.Channel(parse, server, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
            var registry = new RegistryService.RegistryServiceClient(channel);
            var commitments = new List<string>();
            foreach (var typed in parse.GetValue(commitment) ?? [])
            {
                commitments.Add(await Ids.CommitmentAsync(registry, typed, cancellationToken));
            }

            var client = new VerdictClient(channel, file);
            var prepared = await client.PrepareAsync(parse.GetRequiredValue(party), commitments, cancellationToken);
            if (SignedRequests.Preview(parse, "ComplianceService/IssueVerdict", prepared.Verdict, [SignedRequests.Signer(file)],
                "the findings were prepared by the server (ComplianceService.PrepareVerdict, a signed read that logs nothing); no bundle was written"))
            {
                return;
            }

            var issued = await client.IssueAsync(prepared, cancellationToken);
            if (!issued.Check.Valid)
            {
                throw new VerificationFailure($"the bundle does not verify: {issued.Check.Reason}: {issued.Check.Message}");
            }

            await File.WriteAllBytesAsync(parse.GetRequiredValue(output).FullName, Bundles.EvidenceBundles.Serialize(issued.Bundle), cancellationToken);
            foreach (var line in VerdictText.Lines(issued.Verdict, issued.Bundle))
            {
                console.Out.WriteLine(Printable.Text(line));
            }

            console.Out.WriteLine($"verdict logged at index {issued.VerdictLogIndex}; bundle of {issued.Bundle.Reports.Count} reports written to {parse.GetRequiredValue(output).FullName}");
        });
        return command;
    }

    private static Command VerifyBundle()
    {
        var file = new Argument<FileInfo>("bundle") { Description = "An evidence bundle from `accord inspect verdict`" };
        var command = new Command("verify-bundle", "Re-check a verdict offline from its evidence bundle (no server): signatures, log proofs, devices, and each finding re-derived by the compliance ledger") { file };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var bytes = await File.ReadAllBytesAsync(parse.GetRequiredValue(file).FullName, cancellationToken);
            var result = Bundles.EvidenceBundles.Verify(bytes);
            foreach (var step in result.Steps)
            {
                console.Out.WriteLine(Printable.Text(step));
            }

            if (!result.Valid)
            {
                throw new VerificationFailure($"{result.Reason}: {result.Message}");
            }

            foreach (var line in VerdictText.Lines(result.Verdict!, Bundles.EvidenceBundles.Parse(bytes)))
            {
                console.Out.WriteLine(Printable.Text(line));
            }

            console.Out.WriteLine(Printable.Text(result.Message));
        });
        return command;
    }

    private static Command Notify()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var workload = new Option<string>("--workload") { Description = "The run's workload id", Required = true };
        var expected = new Option<string>("--expected-flop") { Description = "The compute the run is expected to reach (e.g. 2e25)", Required = true };
        var command = new Command("notify", "Notify a training run (lab), for notify-before-training commitments") { key, workload, expected, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            var notice = new TrainingNotification
            {
                Header = RequestSigning.Header(file.PartyId),
                WorkloadId = parse.GetRequiredValue(workload),
                ExpectedFlop = CommonOptions.Flop(parse.GetRequiredValue(expected), "--expected-flop"),
                Precision = Precision.Bf16,
            };
            using var channel = CommonOptions.Channel(parse, server);
            var response = await SignedRequests.SendAsync(parse, "ComplianceService/NotifyTraining", notice, file,
                envelope => Client(channel).NotifyTrainingAsync(new NotifyTrainingRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is null)
            {
                return;
            }

            console.Out.WriteLine($"notified {notice.WorkloadId}; logged at index {response.Receipt.Index}");
        });
        return command;
    }
}
