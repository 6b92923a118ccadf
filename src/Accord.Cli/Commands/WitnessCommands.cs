using System.CommandLine;
using Accord.Cli.Client;
using Accord.Cli.Output;
using Accord.Core.Keys;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.Protos.V1;

namespace Accord.Cli.Commands;

/// <summary>`accord witness init|run`: an independent witness that cosigns only checkpoints consistent with what it saw before.</summary>
public static class WitnessCommands
{
    public static Command Build()
    {
        var witness = new Command("witness", "Run a witness: verify that the log only grows, then cosign its checkpoints");
        witness.Add(Init());
        witness.Add(Run());
        return witness;
    }

    private static Command Init()
    {
        var name = new Option<string>("--name") { Description = "The witness name (e.g. witness.example.org)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the witness key file", Required = true };
        var command = new Command("init", "Make a witness key; prints the verifier key to add to the server's Accord:Server:Log:Witnesses") { name, output };
        command.SetHandler((parse, _) =>
        {
            var console = CliConsole.Of(parse);
            var witness = CommonOptions.PartyId(parse.GetRequiredValue(name), "--name");
            using var key = PartyKeyPair.Generate();
            var file = parse.GetRequiredValue(output).FullName;
            KeyFile.Write(file, witness, key);
            console.Out.WriteLine($"wrote {file}");
            console.Out.WriteLine(new NoteSigner(parse.GetRequiredValue(name), key, NoteKeyType.CosignatureV1).VerifierKey);
            return Task.CompletedTask;
        });
        return command;
    }

    private static Command Run()
    {
        var server = CommonOptions.Server();
        var key = new Option<FileInfo>("--key") { Description = "The witness key file (from `accord witness init`)", Required = true };
        var logKey = new Option<string>("--log-key") { Description = "The log's verifier key", Required = true };
        var state = new Option<FileInfo>("--state") { Description = "File holding the last checkpoint this witness cosigned", Required = true };
        var watch = new Option<int>("--watch") { Description = "Keep witnessing every N seconds (0: once)", DefaultValueFactory = _ => 0 };
        var command = new Command("run", "Fetch the latest checkpoint, verify it extends the last one seen, cosign and submit") { key, logKey, state, watch, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = KeyFile.Read(parse.GetRequiredValue(key).FullName);
            var signer = new NoteSigner(file.PartyId, file.Key, NoteKeyType.CosignatureV1);
            var log = LogCommands.ParseKey(parse.GetRequiredValue(logKey));
            var statePath = parse.GetRequiredValue(state).FullName;
            using var connection = new LogConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            do
            {
                if (!await WitnessOnce(parse, connection.Log, signer, log, statePath, cancellationToken))
                {
                    return;
                }

                if (parse.GetValue(watch) > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(watch)), cancellationToken);
                }
            }
            while (parse.GetValue(watch) > 0 && !cancellationToken.IsCancellationRequested);
        });
        return command;
    }

    /// <summary>Cosigns the latest checkpoint and submits it; false under --dry-run, which prints the cosigned checkpoint and submits and saves nothing.</summary>
    private static async Task<bool> WitnessOnce(ParseResult parse, TransparencyLogService.TransparencyLogServiceClient log, NoteSigner signer, NoteVerifier logKey, string statePath, CancellationToken cancellationToken)
    {
        var console = CliConsole.Of(parse);
        var previous = File.Exists(statePath) ? await File.ReadAllTextAsync(statePath, cancellationToken) : null;
        var latest = await log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
        var proof = new List<byte[]>();
        if (previous is not null)
        {
            var before = Verified(() => OfflineVerifier.VerifyCheckpoint(previous, logKey));
            if (before.Size > 0 && latest.TreeSize > before.Size)
            {
                var consistency = await log.GetConsistencyProofAsync(
                    new GetConsistencyProofRequest { FirstSize = before.Size, SecondSize = latest.TreeSize }, cancellationToken: cancellationToken);
                proof.AddRange(consistency.Proof.Select(p => p.ToByteArray()));
            }
        }

        var cosigned = Verified(() => Witnessing.Cosign(signer, logKey, previous, latest.Checkpoint, proof, DateTimeOffset.UtcNow));
        var request = new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() };
        if (SignedRequests.Preview(parse, "TransparencyLogService/AddCosignature", request, [$"witness {signer.Name}"], $"the state file {statePath} was left as it was"))
        {
            return false;
        }

        var response = await log.AddCosignatureAsync(request, cancellationToken: cancellationToken);
        await File.WriteAllTextAsync(statePath, latest.Checkpoint, cancellationToken);
        console.Out.WriteLine($"cosigned {logKey.Name} at size {latest.TreeSize} ({response.Added} new cosignature(s))");
        return true;
    }

    private static T Verified<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (TransparencyVerificationException e)
        {
            throw new VerificationFailure(e.Message);
        }
    }
}
