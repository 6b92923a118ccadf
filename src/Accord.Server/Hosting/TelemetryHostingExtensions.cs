using Accord.Grains.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Accord.Server.Hosting;

/// <summary>
/// OpenTelemetry: the "Accord.Server" meter and activity source plus ASP.NET Core's own, exported over OTLP
/// when a collector is named (<see cref="TelemetryOptions.OtlpEndpoint"/> or OTEL_EXPORTER_OTLP_ENDPOINT).
/// Without one nothing is registered: the instruments still work for in-process listeners, nothing is written anywhere.
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>The standard variable (and configuration key) naming an OTLP collector.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name the server reports as.</summary>
    public const string ServiceName = "accord-server";

    public static WebApplicationBuilder AddAccordTelemetry(this WebApplicationBuilder builder, TelemetryOptions telemetry)
    {
        var fromEnvironment = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        if (telemetry.OtlpEndpoint is null && !fromEnvironment)
        {
            return builder;
        }

        OtlpExportProtocol? protocol = telemetry.OtlpEndpoint is null ? null : telemetry.OtlpProtocol switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"Accord:Server:Telemetry:OtlpProtocol must be \"grpc\" or \"http/protobuf\", not \"{telemetry.OtlpProtocol}\""),
        };
        if (telemetry.ExportInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Accord:Server:Telemetry:ExportInterval must be positive");
        }

        var interval = (int)Math.Min(int.MaxValue, telemetry.ExportInterval.TotalMilliseconds);
        void Point(OtlpExporterOptions exporter, string signalPath)
        {
            if (telemetry.OtlpEndpoint is { } endpoint)
            {
                // Set in code, the endpoint is used as given: with HTTP each signal has its own path.
                exporter.Protocol = protocol!.Value;
                exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                    ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                    : endpoint;
            }
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(AccordMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    Point(exporter, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }))
            .WithTracing(tracing => tracing
                .AddSource(AccordMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter =>
                {
                    Point(exporter, "v1/traces");
                    exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = interval;
                }));
        return builder;
    }
}
