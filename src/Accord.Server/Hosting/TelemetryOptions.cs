namespace Accord.Server.Hosting;

/// <summary>
/// OpenTelemetry export (section "Accord:Server:Telemetry"): metrics and traces go to an OTLP collector
/// when <see cref="OtlpEndpoint"/> (or the standard OTEL_EXPORTER_OTLP_ENDPOINT) is set; otherwise nothing is exported.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The collector, e.g. http://127.0.0.1:4317 (gRPC) or http://127.0.0.1:4318 (HTTP); empty means OTEL_EXPORTER_OTLP_ENDPOINT, or no export.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>"grpc" (default) or "http/protobuf" (then /v1/metrics and /v1/traces are appended to the endpoint).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are exported and traces flushed. Default 15 s.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(15);
}
