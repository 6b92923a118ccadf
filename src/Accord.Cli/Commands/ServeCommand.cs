using System.CommandLine;
using Accord.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Accord.Cli.Commands;

/// <summary>`accord serve`: runs the registry (one silo, SQLite under --data) until Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "Data directory (created if missing)", DefaultValueFactory = _ => "accord-data" };
        var port = new Option<int>("--port") { Description = "gRPC port on the host (0 picks a free one)", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var verbose = new Option<bool>("--verbose") { Description = "Log at Information level" };
        var command = new Command("serve", "Run an Accord server") { data, port, host, verbose };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var app = AccordServerHost.Build([], options =>
            {
                options.DataDirectory = parse.GetRequiredValue(data);
                options.Port = parse.GetValue(port);
                options.Host = parse.GetRequiredValue(host);
                options.LogLevel = parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning;
            });
            var url = await AccordServerHost.StartAsync(app, cancellationToken);
            Console.WriteLine($"Accord registry listening on {url}");
            Console.WriteLine($"data: {Path.GetFullPath(parse.GetRequiredValue(data))}");
            Console.WriteLine($"log key: {app.Services.GetRequiredService<Accord.Grains.Log.LogIdentity>().Signer.VerifierKey}");
            Console.WriteLine("press Ctrl+C to stop");
            await app.WaitForShutdownAsync(cancellationToken);
            await app.DisposeAsync();
        });
        return command;
    }
}
