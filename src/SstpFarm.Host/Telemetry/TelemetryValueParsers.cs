namespace SstpFarm.Host.Telemetry;

/// <summary>Parsers of the telemetry config keys (same contract as <see cref="Configuration.ValueParsers"/>).</summary>
public static class TelemetryValueParsers
{
    /// <summary>The OTLP protocols the exporter speaks, by their OTEL_EXPORTER_OTLP_PROTOCOL names.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["grpc", "http/protobuf"];

    public static bool Endpoint(string text, out Uri value, out string reason)
    {
        reason = "is not an http:// or https:// URL (e.g. http://127.0.0.1:4317)";
        bool ok = Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https";
        value = ok ? uri! : new Uri("http://localhost");
        return ok;
    }

    public static bool Protocol(string text, out string value, out string reason)
    {
        value = text;
        reason = "is not an OTLP protocol: use grpc or http/protobuf";
        return Protocols.Contains(text, StringComparer.Ordinal);
    }
}
