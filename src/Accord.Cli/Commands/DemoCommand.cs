using System.CommandLine;
using Accord.Cli.Output;
using Accord.Core.Keys;
using Accord.Server.Hosting;
using Accord.Server.Security;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Net.Client;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord demo`: the whole loop on an embedded server (or on --server), each step readable.</summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var server = new Option<string?>("--server") { Description = "Use this running server instead of an embedded one" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write the report, charts and verdict bundle (default: a new temp folder)" };
        var governance = CommonOptions.GovernanceKeys(required: false);
        governance.Description = "With --server: a governance key file of that server, to grant the demo's inspector its role (give it once per key the threshold needs)";
        var command = new Command("demo", "The whole loop: a negotiated pause, signatures, attested devices, a dodged cap caught, a verdict checked offline") { server, output, governance };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var report = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetTempPath(), "accord-demo-report-" + Guid.NewGuid().ToString("N")[..8]);
            if (parse.GetValue(server) is { } url)
            {
                var keys = CommonOptions.RequireGovernanceKeys(parse, governance, "demo --server");

                await RunAsync(console, new Uri(url), CommonOptions.CaCertificate(parse), keys, "-" + Guid.NewGuid().ToString("N")[..6], report, cancellationToken);
                return;
            }

            var data = Path.Combine(Path.GetTempPath(), "accord-demo-" + Guid.NewGuid().ToString("N")[..8]);
            console.Ansi.MarkupLine($"[grey]starting an embedded Accord server (data in {Printable.Markup(data)})[/]");
            var app = AccordServerHost.Build([], options =>
            {
                options.DataDirectory = data;
                options.Port = 0;
                options.LogLevel = LogLevel.Error;
            });
            try
            {
                var address = await AccordServerHost.StartAsync(app, cancellationToken);
                console.Ansi.MarkupLine($"[grey]listening on {address}[/]");
                using var governanceKey = app.Services.GetRequiredService<GovernanceSetup>().ReadLocalKey();
                await RunAsync(console, address, null, [governanceKey], "", report, cancellationToken);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(data, recursive: true);
            }
        });
        return command;
    }

    private static async Task RunAsync(CliConsole console, Uri address, string? caCertificate, IReadOnlyList<PartyKeyPair> governance, string suffix, string report, CancellationToken cancellationToken)
    {
        DemoLoop.Negotiate(console.Ansi);
        using var channel = Accord.Client.AccordChannel.Open(address, caCertificate, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        var story = await new DemoStory(new Protos.V1.RegistryService.RegistryServiceClient(channel), console.Ansi).RunAsync(suffix, cancellationToken);
        await new DemoLoop(channel, console.Ansi, governance).RunAsync(story.Labs, suffix, report, cancellationToken);
    }
}
