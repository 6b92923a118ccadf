using System.CommandLine;
using Accord.Cli.Client;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Core.Attestation;
using Accord.DevTools;
using Accord.Protos.V1;
using Google.Protobuf;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord trust add-root|revoke|list` (inspectors) and `accord ca init|issue-device` (test manufacturer).</summary>
public static class TrustCommands
{
    public static Command Build()
    {
        var trust = new Command("trust", "Manufacturer roots and revocations that device chains are checked against");
        trust.Add(AddRoot());
        trust.Add(Revoke());
        trust.Add(List());
        return trust;
    }

    public static Command BuildCa()
    {
        var ca = new Command("ca", "A test manufacturer CA: real X.509 chains of the shape real accelerators ship (for tests, demos, simulations)");
        ca.Add(CaInit());
        ca.Add(IssueDevice());
        return ca;
    }

    /// <summary>Reads the first certificate of a PEM or DER file.</summary>
    public static byte[] ReadCertificate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            var chain = DeviceCertificate.ParsePemChain(text);
            return chain.Count > 0 ? chain[0].Der : throw new CliFailure($"{path} holds no certificate");
        }

        return bytes;
    }

    private static Command AddRoot()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var cert = new Option<FileInfo>("--cert") { Description = "The root certificate (PEM or DER)", Required = true };
        var label = new Option<string?>("--label") { Description = "A label for people" };
        var command = new Command("add-root", "Trust a manufacturer root (inspector)") { key, cert, label, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            var der = ReadCertificate(parse.GetRequiredValue(cert).FullName);
            var payload = new TrustRootAddition { Header = RequestSigning.Header(file.PartyId), CertificateDer = ByteString.CopyFrom(der), Label = parse.GetValue(label) ?? "" };
            using var connection = new DeviceConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            var response = await SignedRequests.SendAsync(parse, "DeviceService/AddTrustRoot", payload, file,
                envelope => connection.Devices.AddTrustRootAsync(new AddTrustRootRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is null)
            {
                return;
            }

            console.Out.WriteLine($"trusted root {response.Root.CertificateSha256} ({response.Root.Subject}); logged at index {response.Receipt.Index}");
        });
        return command;
    }

    private static Command Revoke()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var sha = new Option<string?>("--sha256") { Description = "The certificate's SHA-256 (hex)" };
        var cert = new Option<FileInfo?>("--cert") { Description = "Or the certificate itself (PEM or DER)" };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var command = new Command("revoke", "Revoke a root, intermediate or device certificate (inspector)") { key, sha, cert, reason, server, SignedRequests.DryRun() };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            var hash = parse.GetValue(sha)
                ?? (parse.GetValue(cert) is { } c ? DeviceCertificate.Parse(ReadCertificate(c.FullName)).Sha256 : throw new CliFailure("give --sha256 or --cert"));
            var payload = new TrustRevocation { Header = RequestSigning.Header(file.PartyId), CertificateSha256 = hash.ToLowerInvariant(), Reason = parse.GetRequiredValue(reason) };
            using var connection = new DeviceConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            var response = await SignedRequests.SendAsync(parse, "DeviceService/RevokeCertificate", payload, file,
                envelope => connection.Devices.RevokeCertificateAsync(new RevokeCertificateRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is null)
            {
                return;
            }

            console.Out.WriteLine($"revoked {response.Revocation.CertificateSha256}; logged at index {response.Receipt.Index}");
        });
        return command;
    }

    private static Command List()
    {
        var server = CommonOptions.Server();
        var json = CommonOptions.Json();
        var command = new Command("list", "List trusted roots and revocations") { server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var connection = new DeviceConnection(CommonOptions.Checked(parse, server), CommonOptions.CaCertificate(parse));
            var trust = await connection.Devices.ListTrustAsync(new ListTrustRequest(), cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, trust);
                return;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("kind", "sha256", "subject / reason", "by");
            foreach (var r in trust.Roots)
            {
                table.AddRow("root", r.CertificateSha256[..16], Printable.Markup(r.Subject), Printable.Markup(r.AddedBy));
            }

            foreach (var r in trust.Revocations)
            {
                table.AddRow("[red]revoked[/]", r.CertificateSha256[..16], Printable.Markup(r.Reason), Printable.Markup(r.RevokedBy));
            }

            console.Ansi.Write(table);
        });
        return command;
    }

    private static Command CaInit()
    {
        var name = new Option<string>("--name") { Description = "Manufacturer name", DefaultValueFactory = _ => "Accord Test Manufacturer" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for manufacturer.pem (certificates and keys) and root.pem", Required = true };
        var command = new Command("init", "Make a test manufacturer root and intermediate (ECDSA P-384)") { name, output };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var dir = parse.GetRequiredValue(output);
            dir.Create();
            var manufacturer = TestManufacturer.Create(parse.GetRequiredValue(name), DateTimeOffset.UtcNow);
            var secret = Path.Combine(dir.FullName, "manufacturer.pem");
            if (File.Exists(secret))
            {
                throw new CliFailure($"{secret} exists; refusing to overwrite a CA");
            }

            await File.WriteAllTextAsync(secret, manufacturer.ExportPem(), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            var root = Path.Combine(dir.FullName, "root.pem");
            await File.WriteAllTextAsync(root, Pem(manufacturer.RootDer), cancellationToken);
            var intermediate = Path.Combine(dir.FullName, "intermediate.pem");
            await File.WriteAllTextAsync(intermediate, Pem(manufacturer.IntermediateDer), cancellationToken);
            console.Out.WriteLine($"wrote {secret} (keep private), {root} (give to inspectors: accord trust add-root --cert {root}) and {intermediate} (the CA that signs device certificates)");
            console.Out.WriteLine($"root sha256: {DeviceCertificate.Parse(manufacturer.RootDer).Sha256}");
        });
        return command;
    }

    private static Command IssueDevice()
    {
        var ca = new Option<DirectoryInfo>("--ca") { Description = "A directory made by `accord ca init`", Required = true };
        var serial = new Option<string>("--serial") { Description = "The device serial number (its device id)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the device identity (chain and key, PEM)", Required = true };
        var command = new Command("issue-device", "Issue a device identity certificate and key from the test CA") { ca, serial, output };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var manufacturer = TestManufacturer.ImportPem(await File.ReadAllTextAsync(Path.Combine(parse.GetRequiredValue(ca).FullName, "manufacturer.pem"), cancellationToken));
            var device = manufacturer.IssueDevice(parse.GetRequiredValue(serial), DateTimeOffset.UtcNow);
            var path = parse.GetRequiredValue(output).FullName;
            if (File.Exists(path))
            {
                throw new CliFailure($"{path} exists; refusing to overwrite a device identity");
            }

            await File.WriteAllTextAsync(path, device.ExportPem(), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            console.Out.WriteLine($"wrote {path}: device {device.DeviceId}, chain of {device.ChainDer.Count} certificates");
        });
        return command;
    }

    public static string Pem(byte[] der) =>
        "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n-----END CERTIFICATE-----\n";
}
