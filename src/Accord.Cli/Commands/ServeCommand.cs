using System.CommandLine;
using Accord.Cli.Output;
using Accord.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Accord.Cli.Commands;

/// <summary>`accord serve`: runs the registry (one silo, SQLite under --data; or a silo of a PostgreSQL-backed cluster) until Ctrl+C.</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "Data directory (created if missing)", DefaultValueFactory = _ => "accord-data" };
        var port = new Option<int>("--port") { Description = "gRPC port on the host (0 picks a free one)", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string: membership, state and log in PostgreSQL, so that several servers form one cluster (default: SQLite under --data; configuration key Accord:Server:Postgres)",
        };
        var siloPort = new Option<int?>("--silo-port") { Description = "With --postgres: the Orleans silo-to-silo port (default 11111; 0 picks a free one)" };
        var gatewayPort = new Option<int?>("--gateway-port")
        {
            Description = "With --postgres: open an Orleans gateway for Orleans clients on this port, under the cluster's mutual TLS (default 0: no gateway; Accord itself needs none)",
        };
        var clusterCert = new Option<string?>("--cluster-cert")
        {
            Description = "With --postgres: this silo's cluster certificate for mutual TLS on the Orleans ports, PEM or .pfx/.p12 (Accord:Server:ClusterTls:CertificatePath; a password in Accord:Server:ClusterTls:Password)",
        };
        var clusterKey = new Option<string?>("--cluster-key") { Description = "With a PEM --cluster-cert: its private key file, unless the key is in the certificate file (Accord:Server:ClusterTls:KeyPath)" };
        var clusterCa = new Option<string?>("--cluster-ca")
        {
            Description = "With --cluster-cert: the cluster CA (or the pinned cluster certificate), PEM or DER; a peer's certificate must chain to it (Accord:Server:ClusterTls:CaPath)",
        };
        var tlsCert = new Option<string?>("--tls-cert")
        {
            Description = "Serve gRPC over TLS (HTTPS, HTTP/2) with this certificate: PEM (certificate, then intermediates) or .pfx/.p12 (configuration key Accord:Server:Tls:CertificatePath; a password in Accord:Server:Tls:Password)",
        };
        var tlsKey = new Option<string?>("--tls-key") { Description = "With a PEM --tls-cert: its private key file, unless the key is in the certificate file (Accord:Server:Tls:KeyPath)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log at Information level" };
        var webPort = new Option<int?>("--web-port") { Description = "Port of Accord Web on 127.0.0.1 (default: the gRPC port + 1000; 0 picks a free one)" };
        var noWeb = new Option<bool>("--no-web") { Description = "Do not serve Accord Web" };
        var command = new Command("serve", "Run an Accord server (and Accord Web on its own loopback port)")
        {
            data, port, host, postgres, siloPort, gatewayPort, clusterCert, clusterKey, clusterCa, tlsCert, tlsKey, webPort, noWeb, verbose,
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var app = AccordServerHost.Build([], options =>
            {
                options.DataDirectory = parse.GetRequiredValue(data);
                options.Port = parse.GetValue(port);
                options.Host = parse.GetRequiredValue(host);
                options.LogLevel = parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning;
                options.Postgres = parse.GetValue(postgres) ?? options.Postgres;
                options.SiloPort = parse.GetValue(siloPort) ?? options.SiloPort;
                options.GatewayPort = parse.GetValue(gatewayPort) ?? options.GatewayPort;
                options.Tls.CertificatePath = parse.GetValue(tlsCert) ?? options.Tls.CertificatePath;
                options.Tls.KeyPath = parse.GetValue(tlsKey) ?? options.Tls.KeyPath;
                options.ClusterTls.CertificatePath = parse.GetValue(clusterCert) ?? options.ClusterTls.CertificatePath;
                options.ClusterTls.KeyPath = parse.GetValue(clusterKey) ?? options.ClusterTls.KeyPath;
                options.ClusterTls.CaPath = parse.GetValue(clusterCa) ?? options.ClusterTls.CaPath;
            });
            var url = await AccordServerHost.StartAsync(app, cancellationToken);
            console.Out.WriteLine($"Accord registry listening on {url}");
            var served = app.Services.GetRequiredService<AccordServerOptions>();
            console.Out.WriteLine(served.UsesPostgres
                ? $"data: PostgreSQL (cluster '{served.ClusterId}', silo port {served.SiloPort}, {(served.GatewayPort == 0 ? "no gateway" : $"gateway port {served.GatewayPort}")}, "
                    + $"{(served.ClusterTls.Enabled ? "mutual TLS" : "PLAINTEXT Orleans ports")}); log key in {Path.GetFullPath(served.DataDirectory)}"
                : $"data: {Path.GetFullPath(parse.GetRequiredValue(data))}");
            console.Out.WriteLine($"log key: {app.Services.GetRequiredService<Accord.Transparency.LogIdentity>().Signer.VerifierKey}");
            console.Out.WriteLine(GovernanceLine(app.Services.GetRequiredService<Accord.Server.Security.GovernanceSetup>()));
            await using var web = parse.GetValue(noWeb) ? null : await WebCommand.StartAsync(
                [url], parse.GetValue(tlsCert) is null ? null : CommonOptions.CaCertificate(parse) ?? parse.GetValue(tlsCert),
                parse.GetValue(webPort) ?? (parse.GetValue(port) == 0 ? 0 : url.Port + 1000), cancellationToken);
            if (web is not null)
            {
                console.Out.WriteLine($"web: {Accord.Web.Hosting.AccordWebHost.Address(web)}");
            }

            console.Out.WriteLine("press Ctrl+C to stop");
            await app.WaitForShutdownAsync(cancellationToken);
            await app.DisposeAsync();
        });
        return command;
    }

    /// <summary>"governance: 1 of 1 key (...); grant roles with accord governance grant --governance-key PATH".</summary>
    public static string GovernanceLine(Accord.Server.Security.GovernanceSetup governance) =>
        governance.LocalKeyPath is { } path
            ? $"governance: local key {governance.Body.Keys[0].KeyId[..16]} in {path}; grant roles with `accord governance grant --governance-key {path}`"
            : $"governance: {governance.Body.Threshold} of {governance.Body.Keys.Count} configured keys must sign an act";
}
