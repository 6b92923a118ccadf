using System.CommandLine;
using Accord.Cli.Output;
using Accord.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Accord.Cli.Commands;

/// <summary>`accord web`: Accord Web alone, a stateless front end for one server or a cluster.</summary>
public static class WebCommand
{
    public static Command Build()
    {
        var server = CommonOptions.Server();
        var port = new Option<int>("--port") { Description = "Web port (0 picks a free one)", DefaultValueFactory = _ => 6080 };
        var host = new Option<string>("--host") { Description = "Address to listen on (put a TLS proxy in front of anything but loopback)", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("web", "Run Accord Web against running servers: the public board and the pages of each role") { server, port, host };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var servers = CommonOptions.Checked(parse, server);
            await using var web = await StartAsync(servers, CommonOptions.CaCertificate(parse), parse.GetValue(port), cancellationToken, parse.GetRequiredValue(host));
            console.Out.WriteLine($"web: {AccordWebHost.Address(web)} (servers: {string.Join(", ", servers)})");
            console.Out.WriteLine("press Ctrl+C to stop");
            await web.WaitForShutdownAsync(cancellationToken);
        });
        return command;
    }

    /// <summary>Starts Accord Web in front of <paramref name="servers"/>.</summary>
    public static async Task<WebApplication> StartAsync(IReadOnlyList<Uri> servers, string? caCertificate, int port, CancellationToken cancellationToken, string host = "127.0.0.1")
    {
        var web = AccordWebHost.Build(new AccordWebOptions { Servers = servers, CaCertificatePath = caCertificate, Port = port, Host = host });
        try
        {
            await AccordWebHost.StartAsync(web, cancellationToken);
            return web;
        }
        catch (IOException e)
        {
            await web.DisposeAsync();
            throw new CliFailure($"cannot serve Accord Web on {host}:{port}: {e.Message} (choose another with --web-port, or --no-web)");
        }
    }
}
