using System.ComponentModel.DataAnnotations;
using System.Net;
using Accord.Server.Grpc;
using Accord.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Accord.Server.Hosting;

/// <summary>Builds and starts the Accord host: an Orleans silo and the gRPC endpoint in one process.</summary>
public static class AccordServerHost
{
    /// <summary>
    /// Builds the host from configuration (command line switches --data, --port, --host, --postgres, --silo-port,
    /// --gateway-port, --tls-cert, --tls-key, --cluster-cert, --cluster-key, --cluster-ca), then <paramref name="configure"/>.
    /// </summary>
    /// <exception cref="ValidationException">The settings contradict each other (e.g. PostgreSQL without cluster TLS).</exception>
    public static WebApplication Build(string[] args, Action<AccordServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--data"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.DataDirectory)}",
            ["--port"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.Port)}",
            ["--host"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.Host)}",
            ["--postgres"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.Postgres)}",
            ["--silo-port"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.SiloPort)}",
            ["--gateway-port"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.GatewayPort)}",
            ["--tls-cert"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.Tls)}:{nameof(TlsOptions.CertificatePath)}",
            ["--tls-key"] = $"{AccordServerOptions.Section}:{nameof(AccordServerOptions.Tls)}:{nameof(TlsOptions.KeyPath)}",
            ["--cluster-cert"] = $"{ClusterTlsOptions.Section}:{nameof(ClusterTlsOptions.CertificatePath)}",
            ["--cluster-key"] = $"{ClusterTlsOptions.Section}:{nameof(ClusterTlsOptions.KeyPath)}",
            ["--cluster-ca"] = $"{ClusterTlsOptions.Section}:{nameof(ClusterTlsOptions.CaPath)}",
        });
        var options = builder.Configuration.GetSection(AccordServerOptions.Section).Get<AccordServerOptions>() ?? new AccordServerOptions();
        configure?.Invoke(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        builder.Services.AddSingleton(options);

        builder.Logging.SetMinimumLevel(options.LogLevel);
        var certificate = options.Tls.Enabled ? ServerCertificate.Load(options.Tls) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC refuses messages over MaxRequestBytes with RESOURCE_EXHAUSTED; Kestrel cuts off only far larger bodies.
            kestrel.Limits.MaxRequestBodySize = (4L * options.MaxRequestBytes) + (64 * 1024);
            kestrel.Listen(IPAddress.Parse(options.Host), options.Port, listen =>
            {
                // HTTP/2 only: h2c without a certificate, h2 negotiated by ALPN over TLS with one.
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate.Certificate,
                        ServerCertificateChain = certificate.Chain,
                    });
                }
            });
        });

        builder.AddAccordSilo(options);
        builder.Services.AddHostedService<Log.LogStartupCheck>();
        builder.Services.AddHostedService<Devices.LivenessSweeper>();
        builder.Services.AddSingleton<RequestLimiter>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxRequestBytes;
            grpc.Interceptors.Add<RateLimitInterceptor>();
        });
        builder.AddAccordTelemetry(options.Telemetry);
        builder.Services.AddGrpcHealthChecks().AddCheck("registry", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<SignedRequestReader>();
        builder.Services.AddSingleton<Verdicts.VerdictPreparer>();
        builder.Services.AddSingleton<AgreementProposals>();

        var app = builder.Build();
        if (options.UsesPostgres && !options.ClusterTls.Enabled)
        {
            app.Logger.LogWarning(
                "cluster TLS is OFF (Accord:Server:ClusterTls:AllowPlaintext=true): anything that reaches {Host}:{SiloPort} can call every grain, past every gRPC check",
                options.Host,
                options.SiloPort);
        }

        _ = app.Services.GetRequiredService<RequestLimiter>(); // bad rate limits stop the server here, not on its first call
        _ = app.Services.GetService<Storage.DataDirectoryLock>(); // owned by the host from here: disposing the host releases the data directory
        app.MapGrpcService<RegistryGrpcService>();
        app.MapGrpcService<TransparencyLogGrpcService>();
        app.MapGrpcService<DeviceGrpcService>();
        app.MapGrpcService<MonitoringGrpcService>();
        app.MapGrpcService<ComplianceGrpcService>();
        app.MapGrpcService<NegotiationGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>Starts a built host and returns the URL its gRPC endpoint answers on.</summary>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
