using System.Collections;
using System.Globalization;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Telemetry;

/// <summary>
/// What to export where, resolved once at start from the config file (<see cref="TelemetryOptions"/>)
/// over the standard <c>OTEL_*</c> environment variables (the SDK reads the rest of them itself from
/// <see cref="Configuration"/>: batch queue sizes, OTEL_METRIC_EXPORT_INTERVAL, headers, ...).
/// </summary>
public sealed class TelemetrySettings
{
    private const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private static readonly string[] EndpointVariables =
        [EndpointVariable, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    private TelemetrySettings(bool enabled, string serviceName, string nodeId, IReadOnlyDictionary<string, string?> configuration)
    {
        Enabled = enabled;
        ServiceName = serviceName;
        NodeId = nodeId;
        Configuration = configuration;
    }

    /// <summary>True when an OTLP endpoint is configured (and OTEL_SDK_DISABLED is not true).</summary>
    public bool Enabled { get; }

    public string ServiceName { get; }

    /// <summary>service.instance.id.</summary>
    public string NodeId { get; }

    /// <summary>The <c>OTEL_*</c> settings the SDK sees: the environment's, with the config file's on top.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; }

    /// <summary>How often metrics are exported (OTEL_METRIC_EXPORT_INTERVAL, ms; the SDK's default 60 s).</summary>
    public TimeSpan MetricExportInterval =>
        Configuration.TryGetValue("OTEL_METRIC_EXPORT_INTERVAL", out string? text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(60);

    /// <summary>From the process environment.</summary>
    public static TelemetrySettings Resolve(TelemetryOptions options, string nodeId) =>
        Resolve(options, nodeId, Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => e.Key is string key && key.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal));

    /// <summary>From <paramref name="environment"/> (the <c>OTEL_*</c> variables; tests pass their own).</summary>
    public static TelemetrySettings Resolve(TelemetryOptions options, string nodeId, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configuration = new Dictionary<string, string?>(environment, StringComparer.Ordinal);
        if (options.OtlpEndpoint is not null)
        {
            configuration[EndpointVariable] = options.OtlpEndpoint.ToString();
        }

        if (options.OtlpProtocol is not null)
        {
            configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = options.OtlpProtocol;
        }

        bool disabled = string.Equals(Get(configuration, "OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
        bool enabled = !disabled && EndpointVariables.Any(v => !string.IsNullOrWhiteSpace(Get(configuration, v)));
        string serviceName = options.ServiceName ?? Get(configuration, "OTEL_SERVICE_NAME") ?? "sstpfarm";
        return new TelemetrySettings(enabled, serviceName, nodeId, configuration);
    }

    private static string? Get(Dictionary<string, string?> configuration, string key) =>
        configuration.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
