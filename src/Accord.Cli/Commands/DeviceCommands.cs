using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Accord.Cli.Client;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Attestation;
using Accord.DevTools;
using Accord.Protos.V1;
using Google.Protobuf;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord device enrol|show|list|verify-evidence`.</summary>
public static class DeviceCommands
{
    public static Command Build()
    {
        var device = new Command("device", "Enrol and read devices; verify attestation evidence offline");
        device.Add(Enrol());
        device.Add(Show());
        device.Add(List());
        device.Add(VerifyEvidence());
        return device;
    }

    public static DeviceModel ParseModel(string text) => text.ToLowerInvariant() switch
    {
        "a100" => DeviceModel.A100Sxm,
        "h100" => DeviceModel.H100Sxm,
        "h200" => DeviceModel.H200Sxm,
        "b200" => DeviceModel.B200,
        "gb200" => DeviceModel.Gb200,
        _ => throw new CliFailure($"--model: '{text}' is not one of a100, h100, h200, b200, gb200"),
    };

    private static Command Enrol()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var identity = new Option<FileInfo>("--identity") { Description = "The device identity (from `accord ca issue-device`, or a PEM chain leaf first)", Required = true };
        var model = new Option<string>("--model") { Description = "a100, h100, h200, b200 or gb200", Required = true };
        var evidence = new Option<string?>("--evidence") { Description = "'simulate' (the identity signs SPDM evidence over a fresh challenge) or a file holding a raw SPDM report" };
        var command = new Command("enrol", "Enrol a device you operate (lab): its chain is checked against the trusted roots") { key, identity, model, evidence, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            var pem = await File.ReadAllTextAsync(parse.GetRequiredValue(identity).FullName, cancellationToken);
            var withKey = pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal);
            IReadOnlyList<byte[]> chain = withKey ? DeviceIdentity.ImportPem(pem).ChainDer : [.. DeviceCertificate.ParsePemChain(pem).Select(c => c.Der)];
            if (chain.Count == 0)
            {
                throw new CliFailure("the identity file holds no certificate");
            }

            var deviceId = "";
            Func<byte[], byte[]>? answer = null;
            byte[]? recorded = null;
            switch (parse.GetValue(evidence))
            {
                case null:
                    break;
                case "simulate":
                    var device = withKey ? DeviceIdentity.ImportPem(pem) : throw new CliFailure("--evidence simulate needs an identity file with its private key (from `accord ca issue-device`)");
                    deviceId = device.DeviceId;
                    answer = nonce => SimulatedSpdmEvidence.Build(device, nonce);
                    break;
                case var path:
                    recorded = ReadReport(path);
                    break;
            }

            var deviceModel = ParseModel(parse.GetRequiredValue(model));
            if (SignedRequests.Preview(parse, "DeviceService/EnrolDevice", DeviceEnrolments.Enrolment(file.PartyId, deviceModel, chain, recorded), [SignedRequests.Signer(file)],
                answer is null ? null : "when sent, the evidence is an SPDM report over a fresh challenge the lab asks DeviceService.GetChallenge for first"))
            {
                return;
            }

            using var connection = new DeviceConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            var response = await DeviceEnrolments.EnrolAsync(
                connection.Devices, file.PartyId, file.Key, deviceId, deviceModel, chain, answer, cancellationToken, recorded);
            console.Ansi.Write(Table([response.Device]));
            console.Out.WriteLine($"logged at index {response.Receipt.Index}");
        });
        return command;
    }

    private static Command Show()
    {
        var server = CommonOptions.Server();
        var id = new Argument<string>("device-id") { Description = "The device id, or any start of it that names one device" };
        var reader = ReaderKey();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one device: reporting key, position, totals, gaps, silence") { id, reader, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = new DeviceConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            var deviceId = await Ids.DeviceAsync(connection.Devices, parse.GetRequiredValue(id), cancellationToken);
            var response = await connection.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = deviceId, Reader = Reader(parse, reader) }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, response);
                return;
            }

            var device = response.Device;
            console.Ansi.Write(Table([device]));
            foreach (var gap in device.Gaps)
            {
                console.Out.WriteLine($"missing evidence: {gap.Kind} epoch {gap.BootEpoch} sequences {gap.FirstSequence}-{gap.LastSequence} from {gap.From.ToDateTimeOffset():O} until {(gap.Until is null ? "now" : gap.Until.ToDateTimeOffset().ToString("O"))}");
            }
        });
        return command;
    }

    private static Command List()
    {
        var server = CommonOptions.Server();
        var party = new Option<string?>("--party") { Description = "Only this party's devices" };
        var reader = ReaderKey();
        var json = CommonOptions.Json();
        var command = new Command("list", "List enrolled devices") { party, reader, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = new DeviceConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            var devices = await Listings.DevicesAsync(connection.Devices, parse.GetValue(party), () => Reader(parse, reader), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, new ListDevicesResponse { Devices = { devices } });
                return;
            }

            console.Ansi.Write(Table(devices));
        });
        return command;
    }

    private static Command VerifyEvidence()
    {
        var report = new Option<FileInfo>("--report") { Description = "The SPDM report (hex text or binary)", Required = true };
        var chain = new Option<FileInfo>("--chain") { Description = "The device's certificate chain, PEM, leaf first", Required = true };
        var root = new Option<FileInfo>("--root") { Description = "The manufacturer root to trust, PEM", Required = true };
        var nonce = new Option<string>("--nonce") { Description = "The nonce the report must answer, hex (the challenge)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify-evidence", "Verify recorded attestation evidence offline: chain, nonce, signature, measurements") { report, chain, root, nonce, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var reportBytes = ReadReport(parse.GetRequiredValue(report).FullName);
            var chainDer = DeviceCertificate.ParsePemChain(await File.ReadAllTextAsync(parse.GetRequiredValue(chain).FullName, cancellationToken)).Select(c => c.Der).ToList();
            var rootDer = DeviceCertificate.ParsePemChain(await File.ReadAllTextAsync(parse.GetRequiredValue(root).FullName, cancellationToken)).Select(c => c.Der).ToList();
            byte[] expected;
            try
            {
                expected = Convert.FromHexString(parse.GetRequiredValue(nonce));
            }
            catch (FormatException)
            {
                throw new CliFailure("--nonce must be hex");
            }

            var result = SpdmEvidenceVerifier.Verify(reportBytes, chainDer, new TrustSnapshot(rootDer, new HashSet<string>()), expected, DateTimeOffset.UtcNow);
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    valid = result.Valid,
                    reason = result.Reason,
                    message = result.Message,
                    device_id = result.DeviceId,
                    root_sha256 = result.Chain.RootSha256,
                    revocation = result.Chain.Revocation.ToString().ToLowerInvariant(),
                    measurements = result.Measurements.ToDictionary(m => m.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), m => Convert.ToHexStringLower(m.Value)),
                    steps = result.Steps,
                }));
            }
            else
            {
                foreach (var step in result.Steps)
                {
                    console.Out.WriteLine(step);
                }
            }

            if (!result.Valid)
            {
                throw new VerificationFailure($"{result.Reason}: {result.Message}");
            }

            if (!parse.GetValue(json))
            {
                console.Out.WriteLine($"verified: device {result.DeviceId}, {result.Measurements.Count} measurement blocks, revocation {result.Chain.Revocation.ToString().ToLowerInvariant()}");
            }
        });
        return command;
    }

    private static Option<FileInfo?> ReaderKey() => new("--key")
    {
        Description = "Read as this party (key file): a device's totals are shown to its lab and to inspectors, withheld from anyone else",
    };

    private static Envelope? Reader(ParseResult parse, Option<FileInfo?> key) =>
        CommonOptions.SignedReader(parse, key, header => new DevicesReader { Header = header });

    /// <summary>Reads an SPDM report as hex text (whitespace ignored) or as raw bytes.</summary>
    public static byte[] ReadReport(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var hex = new string([.. text.Where(c => !char.IsWhiteSpace(c))]);
        return hex.Length > 0 && hex.Length % 2 == 0 && hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex) : bytes;
    }

    private static Table Table(IEnumerable<DeviceRecord> devices)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("device", "party", "model", "epoch", "last seq", "reports", "FLOP", "status");
        foreach (var d in devices)
        {
            table.AddRow(
                Printable.Markup(d.DeviceId),
                Printable.Markup(d.PartyId),
                d.Model.ToString(),
                d.BootEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.LastSequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.TotalsWithheld ? "[grey]withheld[/]" : d.Reports.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.TotalsWithheld ? "[grey]withheld[/]" : d.TotalFlop.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture),
                d.SilentSince is null ? $"[green]reporting[/] ({d.Revocation})" : $"[red]silent since {d.SilentSince.ToDateTimeOffset():u}[/]");
        }

        return table;
    }
}
