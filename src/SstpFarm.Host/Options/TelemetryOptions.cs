namespace SstpFarm.Host.Options;

/// <summary>
/// OTLP export from the config file or command line (docs/telemetry.md). All unset by default: then
/// the standard <c>OTEL_*</c> variables decide, and without an endpoint nothing is exported.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Collector base URL (http://host:4317 for grpc, http://host:4318 for http/protobuf); wins over OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>"grpc" or "http/protobuf"; null: OTEL_EXPORTER_OTLP_PROTOCOL, else grpc (the OTLP default).</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>The resource's service.name; null: OTEL_SERVICE_NAME, else "sstpfarm".</summary>
    public string? ServiceName { get; set; }
}
