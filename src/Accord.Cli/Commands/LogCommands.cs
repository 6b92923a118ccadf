using System.CommandLine;
using Accord.Cli.Client;
using Accord.Cli.Output;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.Protos.V1;
using Accord.Server.Storage;
using Accord.Transparency.Storage;
using Google.Protobuf;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord log key|checkpoint|entries|prove|verify-bundle|audit`.</summary>
public static class LogCommands
{
    public static Command Build()
    {
        var log = new Command("log", "Read, prove and audit the transparency log");
        log.Add(Key());
        log.Add(CheckpointCommand());
        log.Add(Entries());
        log.Add(Prove());
        log.Add(VerifyBundle());
        log.Add(Audit());
        return log;
    }

    private static Command Key()
    {
        var server = CommonOptions.Server();
        var file = new Option<FileInfo?>("--file") { Description = "Offline: the log's key file (DATA/log.key) instead of asking a server" };
        var origin = new Option<string?>("--origin") { Description = $"With --file: the log's origin, Accord:Server:Log:Origin (default {new Accord.Transparency.TransparencyLogOptions().Origin})" };
        var create = new Option<bool>("--new") { Description = "With --file: make a new log key in that file (never overwrites one: a new key is a new log)" };
        var command = new Command("key", "Print the log's C2SP verifier key (from a server, or offline from a key file, optionally made new)") { server, file, origin, create };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            if (parse.GetValue(file) is { } keyFile)
            {
                console.Out.WriteLine(OfflineVerifierKey(keyFile.FullName, parse.GetValue(origin) ?? new Accord.Transparency.TransparencyLogOptions().Origin, parse.GetValue(create)));
                return;
            }

            if (parse.GetValue(create) || parse.GetValue(origin) is not null)
            {
                throw new CliFailure("--new and --origin need --file (the key file a server reads as DATA/log.key)");
            }

            using var connection = Connect(parse, server);
            var info = await connection.Log.GetLogInfoAsync(new GetLogInfoRequest(), cancellationToken: cancellationToken);
            console.Out.WriteLine(info.VerifierKey);
        });
        return command;
    }

    /// <summary>
    /// The verifier key a server with <paramref name="path"/> as its DATA/log.key and <paramref name="origin"/>
    /// as Accord:Server:Log:Origin signs with; with <paramref name="create"/>, first makes that key file.
    /// </summary>
    public static string OfflineVerifierKey(string path, string origin, bool create)
    {
        if (create && File.Exists(path))
        {
            throw new CliFailure($"{path} exists: a log key is never overwritten (move it away first; a new key is a new log)");
        }

        if (!create && !File.Exists(path))
        {
            throw new CliFailure($"no key file at {path} (--new makes one)");
        }

        using var key = create ? Core.Keys.PartyKeyPair.Generate() : Core.Keys.KeyFile.Read(path).Key;
        NoteSigner signer;
        try
        {
            signer = new NoteSigner(origin, key);
        }
        catch (ArgumentException)
        {
            throw new CliFailure($"--origin: '{origin}' is not a valid log origin (a key name without spaces or '+', e.g. accord.example/log/2027)");
        }

        if (create)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Core.Keys.KeyFile.Write(path, Accord.Server.Log.LogIdentityLoader.KeyOwner, key);
        }

        return signer.VerifierKey;
    }

    private static Command CheckpointCommand()
    {
        var server = CommonOptions.Server();
        var output = new Option<FileInfo?>("--out") { Description = "Also write the signed note to this file (for `log audit --since`)" };
        var command = new Command("checkpoint", "Print the latest checkpoint (a C2SP signed note, with cosignatures)") { output, server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = Connect(parse, server);
            var checkpoint = await connection.Log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
            console.Out.Write(checkpoint.Checkpoint);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, checkpoint.Checkpoint, cancellationToken);
            }
        });
        return command;
    }

    private static Command Entries()
    {
        var server = CommonOptions.Server();
        var start = new Option<long>("--start") { Description = "First index", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "How many (at most 1000)", DefaultValueFactory = _ => 100 };
        var reader = ReaderKey();
        var command = new Command("entries", "List logged entries: what was signed, and by which key") { start, count, reader, server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = Connect(parse, server);
            var response = await connection.Log.GetEntriesAsync(
                new GetEntriesRequest { Start = parse.GetValue(start), Count = parse.GetValue(count), Reader = Reader(parse, reader) }, cancellationToken: cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("index", "leaf hash", "payload type", "party", "signed by");
            foreach (var e in response.Entries)
            {
                if (e.Withheld)
                {
                    table.AddRow(e.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexStringLower(e.LeafHash.Span)[..16], "accord.v1.MonitoringReport", "[grey](withheld)[/]", "-");
                    continue;
                }

                var envelope = Envelope.Parser.ParseFrom(e.Entry);
                table.AddRow(
                    e.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToHexStringLower(e.LeafHash.Span)[..16],
                    Printable.Markup(envelope.PayloadType),
                    Printable.Markup(ActingParty(envelope)),
                    string.Join(", ", envelope.Signatures.Select(s => s.KeyId[..12])));
            }

            console.Ansi.Write(table);
        });
        return command;
    }

    private static Command Prove()
    {
        var server = CommonOptions.Server();
        var which = new Argument<string>("index-or-leaf-hash") { Description = "An entry index, or its leaf hash in hex" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write `proof` and `entry` into", Required = true };
        var reader = ReaderKey();
        var command = new Command("prove", "Write an offline proof bundle (C2SP tlog-proof) and the exact logged bytes") { which, output, reader, server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var text = parse.GetRequiredValue(which);
            var request = new GetInclusionProofRequest();
            if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                request.Index = index;
            }
            else if (text.Length == 64 && text.All(Uri.IsHexDigit))
            {
                request.LeafHash = ByteString.CopyFrom(Convert.FromHexString(text));
            }
            else
            {
                throw new CliFailure($"'{text}' is neither an index nor a 64-character hex leaf hash");
            }

            using var connection = Connect(parse, server);
            var proof = await connection.Log.GetInclusionProofAsync(request, cancellationToken: cancellationToken);
            var entries = await connection.Log.GetEntriesAsync(new GetEntriesRequest { Start = proof.Index, Count = 1, Reader = Reader(parse, reader) }, cancellationToken: cancellationToken);
            if (entries.Entries[0].Withheld)
            {
                throw new CliFailure($"entry {proof.Index} is a monitoring report: its bytes are served to its lab and to inspectors only (give --key)");
            }

            var bundle = new TlogProof(proof.Index, [.. proof.Proof.Select(p => p.ToByteArray())], SignedNote.Parse(proof.Checkpoint), []);
            var directory = parse.GetRequiredValue(output);
            directory.Create();
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "proof"), bundle.Format(), cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(directory.FullName, "entry"), entries.Entries[0].Entry.ToByteArray(), cancellationToken);
            console.Out.WriteLine($"wrote {Path.Combine(directory.FullName, "proof")} and {Path.Combine(directory.FullName, "entry")}: entry {proof.Index} in the checkpoint of size {proof.TreeSize}");
        });
        return command;
    }

    private static Command VerifyBundle()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "A directory written by `accord log prove`" };
        var logKey = new Option<string>("--log-key") { Description = "The log's C2SP verifier key (from `accord log key`, obtained out of band)", Required = true };
        var command = new Command("verify-bundle", "Verify a proof bundle offline: the checkpoint's signature and the entry's inclusion") { directory, logKey };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var dir = parse.GetRequiredValue(directory).FullName;
            var key = ParseKey(parse.GetRequiredValue(logKey));
            var proof = await File.ReadAllTextAsync(Path.Combine(dir, "proof"), cancellationToken);
            var entry = await File.ReadAllBytesAsync(Path.Combine(dir, "entry"), cancellationToken);
            VerifiedInclusion verified;
            try
            {
                verified = OfflineVerifier.VerifyBundle(proof, entry, key);
            }
            catch (TransparencyVerificationException e)
            {
                throw new VerificationFailure(e.Message);
            }

            console.Out.WriteLine($"verified: entry {verified.Index} (leaf hash {Convert.ToHexStringLower(verified.LeafHash)})");
            console.Out.WriteLine($"is in {verified.Checkpoint.Origin} at tree size {verified.Checkpoint.Size}, root {Convert.ToHexStringLower(verified.Checkpoint.RootHash)}, signed by {key.Name}+{key.KeyId:x8}");
            if (TryParseEnvelope(entry) is { } envelope)
            {
                console.Out.WriteLine($"entry: {envelope.PayloadType} by {ActingParty(envelope)}, signed by key {string.Join(", ", envelope.Signatures.Select(s => s.KeyId))}");
            }
        });
        return command;
    }

    private static Command Audit()
    {
        var server = CommonOptions.Server();
        var since = new Option<FileInfo?>("--since") { Description = "A checkpoint saved earlier (`accord log checkpoint --out`); the log must extend it" };
        var logKey = new Option<string?>("--log-key") { Description = "The log's verifier key (required with --since)" };
        var save = new Option<bool>("--save") { Description = "With --since: replace the file by the new checkpoint once verified" };
        var local = new Option<bool>("--local") { Description = "Audit a server's storage directly: recompute every leaf and root" };
        var data = new Option<string?>("--data") { Description = "With --local: the server's data directory (with --postgres: the one holding log.key)" };
        var postgres = new Option<string?>("--postgres") { Description = "With --local: audit the log kept in this PostgreSQL database (a cluster's), read in one snapshot while it runs" };
        var command = new Command("audit", "Check that the log only grew (--since) or that its storage still matches what it signed (--local)") { since, logKey, save, local, data, postgres, server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            if (parse.GetValue(local))
            {
                AuditLocal(console, parse.GetValue(data) ?? throw new CliFailure("--local needs --data DIR"), parse.GetValue(postgres));
                return;
            }

            var file = parse.GetValue(since) ?? throw new CliFailure("give --since CHECKPOINT_FILE, or --local --data DIR");
            var key = ParseKey(parse.GetValue(logKey) ?? throw new CliFailure("--since needs --log-key VKEY"));
            var older = await File.ReadAllTextAsync(file.FullName, cancellationToken);
            var olderCheckpoint = Verify(() => OfflineVerifier.VerifyCheckpoint(older, key));
            using var connection = Connect(parse, server);
            var latest = await connection.Log.GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken);
            var proof = new List<byte[]>();
            if (olderCheckpoint.Size > 0 && latest.TreeSize > olderCheckpoint.Size)
            {
                var consistency = await connection.Log.GetConsistencyProofAsync(
                    new GetConsistencyProofRequest { FirstSize = olderCheckpoint.Size, SecondSize = latest.TreeSize }, cancellationToken: cancellationToken);
                proof.AddRange(consistency.Proof.Select(p => p.ToByteArray()));
            }

            var newer = Verify(() => OfflineVerifier.VerifyAppendOnly(older, latest.Checkpoint, proof, key));
            console.Out.WriteLine($"consistent: size {olderCheckpoint.Size} -> {newer.Size}; the log only grew");
            console.Out.Write(latest.Checkpoint);
            if (parse.GetValue(save))
            {
                await File.WriteAllTextAsync(file.FullName, latest.Checkpoint, cancellationToken);
            }
        });
        return command;
    }

    private static void AuditLocal(CliConsole console, string data, string? postgres)
    {
        var keyFile = Path.Combine(data, Server.Log.LogIdentityLoader.KeyFileName);
        var database = Path.Combine(data, "log.db");
        if (!File.Exists(keyFile) || (postgres is null && !File.Exists(database)))
        {
            throw new CliFailure(postgres is null
                ? $"{data} holds no Accord log (expected {Server.Log.LogIdentityLoader.KeyFileName} and log.db)"
                : $"{data} holds no log key (expected {Server.Log.LogIdentityLoader.KeyFileName}, which every server of the cluster shares)");
        }

        using var source = OpenAuditSource(database, postgres);
        NoteVerifier key;
        AuditReport report;
        try
        {
            var checkpoints = source.ReadCheckpoints().ToList();
            var origin = checkpoints.Count == 0 ? throw new CliFailure("the log has no checkpoint") : SignedNote.Parse(checkpoints[^1].Note).Text.Split('\n')[0];
            key = NoteVerifier.Parse(new NoteSigner(origin, Core.Keys.KeyFile.Read(keyFile).Key).VerifierKey);
            report = LogAuditor.Audit(source.ReadAllEntries(), checkpoints, key);
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw new CliFailure($"cannot read the log from PostgreSQL (has `accord db init` run?): {e.Message}");
        }

        foreach (var finding in report.Findings)
        {
            console.Out.WriteLine(finding.Message);
        }

        if (!report.Clean)
        {
            throw new VerificationFailure($"{report.Findings.Count} problem(s) in {report.Entries} entries and {report.Checkpoints} checkpoints");
        }

        console.Out.WriteLine($"clean: {report.Entries} entries and {report.Checkpoints} checkpoints match what {key.Name} signed");
    }

    private static ILogAuditSource OpenAuditSource(string sqliteFile, string? postgres)
    {
        if (postgres is null)
        {
            return new SqliteLogStore(sqliteFile);
        }

        try
        {
            return new PostgresLogAuditSource(postgres);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException)
        {
            throw new CliFailure($"cannot open the PostgreSQL database: {e.Message}");
        }
    }

    private static Option<FileInfo?> ReaderKey() => new("--key")
    {
        Description = "Read as this party (key file): monitoring reports' bytes are served to their lab and to inspectors",
    };

    private static Envelope? Reader(ParseResult parse, Option<FileInfo?> key) =>
        CommonOptions.SignedReader(parse, key, header => new EntriesReader { Header = header });

    public static NoteVerifier ParseKey(string verifierKey)
    {
        try
        {
            return NoteVerifier.Parse(verifierKey);
        }
        catch (NoteFormatException e)
        {
            throw new CliFailure($"--log-key: {e.Message}");
        }
    }

    private static T Verify<T>(Func<T> check)
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

    private static LogConnection Connect(ParseResult parse, Option<string?> server) => new(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));

    private static Envelope? TryParseEnvelope(byte[] entry)
    {
        try
        {
            return Envelope.Parser.ParseFrom(entry);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The header's party id (field 1 of every signed payload), read without knowing the payload's type.</summary>
    private static string ActingParty(Envelope envelope)
    {
        try
        {
            if (envelope.PayloadType == MonitoringReport.Descriptor.FullName)
            {
                return "device " + MonitoringReport.Parser.ParseFrom(envelope.Payload).DeviceId;
            }

            var header = PayloadHeader.Parser.ParseFrom(envelope.Payload).Header;
            return header?.PartyId ?? "?";
        }
        catch (InvalidProtocolBufferException)
        {
            return "?";
        }
    }
}
