using System.CommandLine;
using System.Globalization;
using Accord.Cli.Client;
using Accord.Client;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Accord.Cli.Commands;

/// <summary>Options several commands share, and parsers for the value formats the CLI accepts.</summary>
public static class CommonOptions
{
    public static Option<string?> Server() => new("--server")
    {
        Description = $"Server URL, or several separated by commas (servers of one cluster, tried in turn when one is unavailable) (default: $ACCORD_SERVER or {RegistryConnection.DefaultServer})",
    };

    /// <summary>The name of the option that names a CA certificate to trust for https:// servers.</summary>
    public const string CaCertName = "--ca-cert";

    /// <summary>--ca-cert, on the root command and every command under it.</summary>
    public static Option<string?> CaCert() => new(CaCertName)
    {
        Description = $"With an https:// server: trust only this CA (or self-signed) certificate, PEM or DER, to validate the server's certificate chain (default: ${AccordChannel.CaCertificateVariable}, else the system's roots)",
        Recursive = true,
    };

    /// <summary>The CA certificate file to trust: --ca-cert, else $ACCORD_CA_CERT, else none.</summary>
    public static string? CaCertificate(ParseResult parse) =>
        AccordChannel.ResolveCaCertificate(parse.GetValue<string?>(CaCertName));

    /// <summary>Calls to the servers that --server (or $ACCORD_SERVER) names, in turn when one is unavailable, trusting --ca-cert.</summary>
    public static FailoverCallInvoker Channel(ParseResult parse, Option<string?> server, GrpcChannelOptions? options = null) =>
        FailoverCallInvoker.Open(Checked(parse, server), CaCertificate(parse), options);

    /// <summary>--json on a read command: print the response message as one JSON object (<see cref="Output.JsonOutput"/>).</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object: the response message in the proto3 JSON mapping (docs/api.md)" };

    public static Option<FileInfo> Key() => new("--key")
    {
        Description = "The acting party's key file (from `accord keygen`)",
        Required = true,
    };

    public static RegistryConnection Connect(ParseResult parse, Option<string?> server) =>
        new(Checked(parse, server), CaCertificate(parse));

    /// <summary>The servers' addresses, refusing --ca-cert with an http:// one.</summary>
    public static IReadOnlyList<Uri> Checked(ParseResult parse, Option<string?> server)
    {
        var addresses = RegistryConnection.Resolve(parse.GetValue(server));
        foreach (var address in addresses)
        {
            if (CaCertificate(parse) is not null && address.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliFailure($"{CaCertName} is for https:// servers; {address} is not one");
            }
        }

        return addresses;
    }

    /// <summary>
    /// The signed reader payload (<paramref name="payload"/> of a fresh header) of the party whose key file <paramref name="key"/> names,
    /// for reads that show a party more than anyone sees; null without --key.
    /// </summary>
    public static Envelope? SignedReader<T>(ParseResult parse, Option<FileInfo?> key, Func<RequestHeader, T> payload)
        where T : IMessage<T>
    {
        if (parse.GetValue(key) is not { } file)
        {
            return null;
        }

        var contents = KeyFile.Read(file.FullName);
        return RequestSigning.Sign(payload(RequestSigning.Header(contents.PartyId)), contents.Key);
    }

    /// <summary>--governance-key, once per key of the governance body that signs.</summary>
    public static Option<FileInfo[]> GovernanceKeys(bool required) => new("--governance-key")
    {
        Description = "A governance key file; give it once per key that signs (the embedded server's is governance.key in its data directory)",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The governance keys --governance-key names, each read and checked; empty when none is given.</summary>
    public static IReadOnlyList<PartyKeyPair> ReadGovernanceKeys(ParseResult parse, Option<FileInfo[]> keys) =>
        [.. (parse.GetValue(keys) ?? []).Select(f => KeyFile.Read(f.FullName).Key)];

    /// <summary>The governance keys --governance-key names; refuses none, saying what <paramref name="needs"/> them.</summary>
    public static IReadOnlyList<PartyKeyPair> RequireGovernanceKeys(ParseResult parse, Option<FileInfo[]> keys, string needs)
    {
        var read = ReadGovernanceKeys(parse, keys);
        return read.Count > 0
            ? read
            : throw new CliFailure($"{needs} needs --governance-key: its inspector is granted its role by the server's governance body (an embedded server keeps its key in DATA/governance.key)");
    }

    /// <summary><paramref name="value"/> when it is a party id (the registry's rule), else a one-line failure naming <paramref name="option"/>.</summary>
    public static string PartyId(string value, string option) =>
        KeyFile.IsValidPartyId(value) ? value : throw new CliFailure($"{option}: '{value}' is not a party id: {KeyFile.PartyIdRule}");

    public static KeyFileContents ReadKey(ParseResult parse, Option<FileInfo> key) =>
        KeyFile.Read(parse.GetRequiredValue(key).FullName);

    /// <summary>Parses "1e26", "2.5e25" or "100000".</summary>
    public static double Flop(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliFailure($"{what}: '{text}' is not a number (use e.g. 1e26)");

    /// <summary>Parses "90s", "30m", "12h", "14d" or "2w".</summary>
    public static TimeSpan Duration(string text, string what)
    {
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'w': return TimeSpan.FromDays(7 * n);
            }
        }

        throw new CliFailure($"{what}: '{text}' is not a duration (use e.g. 90s, 30m, 12h, 14d, 2w)");
    }

    /// <summary>Parses an ISO 8601 date or date-time; a date alone means midnight UTC.</summary>
    public static DateTimeOffset Date(string text, string what) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new CliFailure($"{what}: '{text}' is not a date (use e.g. 2027-01-01 or 2027-01-01T00:00:00Z)");

    /// <summary>Splits "a,b,c" into ids.</summary>
    public static List<string> List(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
