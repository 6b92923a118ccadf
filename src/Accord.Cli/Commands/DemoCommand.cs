using System.CommandLine;
using Accord.Cli.Client;
using Accord.Server.Hosting;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>`accord demo`: plays the conditional-pause story on an embedded server (or on --server).</summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var server = new Option<string?>("--server") { Description = "Use this running server instead of an embedded one" };
        var command = new Command("demo", "Three labs, one conditional pause agreement: watch it activate on the third signature") { server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(server) is { } url)
            {
                using var remote = new RegistryConnection(new Uri(url));
                await new DemoStory(remote.Registry, AnsiConsole.Console).RunAsync("-" + Guid.NewGuid().ToString("N")[..6], cancellationToken);
                return;
            }

            var data = Path.Combine(Path.GetTempPath(), "accord-demo-" + Guid.NewGuid().ToString("N")[..8]);
            AnsiConsole.MarkupLine($"[grey]starting an embedded Accord server (data in {Markup.Escape(data)})[/]");
            var app = AccordServerHost.Build([], options =>
            {
                options.DataDirectory = data;
                options.Port = 0;
                options.LogLevel = LogLevel.Error;
            });
            try
            {
                var address = await AccordServerHost.StartAsync(app, cancellationToken);
                AnsiConsole.MarkupLine($"[grey]listening on {address}[/]");
                using var connection = new RegistryConnection(address);
                await new DemoStory(connection.Registry, AnsiConsole.Console).RunAsync(cancellationToken: cancellationToken);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                Directory.Delete(data, recursive: true);
            }
        });
        return command;
    }
}
