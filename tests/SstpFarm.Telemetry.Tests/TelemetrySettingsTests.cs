using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.Host.Configuration;
using SstpFarm.Host.Options;
using SstpFarm.Host.Telemetry;
using SstpFarm.Telemetry.Tests.Otlp;

namespace SstpFarm.Telemetry.Tests;

/// <summary>When export is on (an endpoint from the config file or an OTEL_* variable) and when it is off.</summary>
public sealed class TelemetrySettingsTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = new(StringComparer.Ordinal);

    [Fact]
    public async Task WithoutAnEndpointNothingIsCreatedOrExported()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        TelemetrySettings settings = TelemetrySettings.Resolve(new TelemetryOptions { OtlpProtocol = "http/protobuf", ServiceName = "x" }, "n1", NoEnvironment);
        Assert.False(settings.Enabled);

        var controlPlane = new InMemoryControlPlane(new IpPoolDefinition { Networks = [new Ipv4Cidr(0x0A4F0000, 24)], NodeId = "n1" }, TimeProvider.System);
        await using (NodeTelemetry telemetry = NodeTelemetry.Start(settings, b => b.SetMinimumLevel(LogLevel.Debug)))
        {
            Assert.False(telemetry.Exporting);
            Assert.Null(telemetry.MeterProvider);
            Assert.Null(telemetry.TracerProvider);
            Assert.Same(controlPlane, telemetry.Instrument(controlPlane));
            telemetry.Loggers.CreateLogger("test").LogInformation("not exported");
            await controlPlane.DefaultPool.GetUsageAsync();
        }

        Assert.Equal(0, receiver.Count("metrics") + receiver.Count("traces") + receiver.Count("logs"));
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT")]
    public void AnyStandardEndpointVariableTurnsExportOn(string variable)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { [variable] = "http://127.0.0.1:4318", ["OTEL_SERVICE_NAME"] = "from-env" };
        TelemetrySettings settings = TelemetrySettings.Resolve(new TelemetryOptions(), "n1", environment);
        Assert.True(settings.Enabled);
        Assert.Equal("from-env", settings.ServiceName);

        environment["OTEL_SDK_DISABLED"] = "true";
        Assert.False(TelemetrySettings.Resolve(new TelemetryOptions(), "n1", environment).Enabled);
    }

    [Fact]
    public void TheConfigFileWinsOverTheEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://env:4317",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_SERVICE_NAME"] = "from-env",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
        };
        var options = new TelemetryOptions { OtlpEndpoint = new Uri("http://file:4318"), OtlpProtocol = "http/protobuf", ServiceName = "from-file" };
        TelemetrySettings settings = TelemetrySettings.Resolve(options, "n1", environment);
        Assert.Equal("http://file:4318/", settings.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", settings.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("from-file", settings.ServiceName);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.MetricExportInterval);
        Assert.Equal("sstpfarm", TelemetrySettings.Resolve(new TelemetryOptions(), "n1", NoEnvironment).ServiceName);
    }

    [Theory]
    [InlineData("otlp-endpoint", "udp://collector:4317")]
    [InlineData("otlp-endpoint", "collector:4317")]
    [InlineData("otlp-protocol", "http/json")]
    [InlineData("service-name", " ")]
    public void BadTelemetryKeysAreRejectedWithKeyValueAndReason(string key, string value)
    {
        ConfigError? error = ConfigKeys.Find(key)!.Apply([value], new SstpFarmOptions());
        Assert.NotNull(error);
        Assert.Equal(key, error.Key);
        Assert.Equal(value, error.Value);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Fact]
    public void GoodTelemetryKeysSetTheOptions()
    {
        var options = new SstpFarmOptions();
        Assert.Null(ConfigKeys.Find("otlp-endpoint")!.Apply(["http://127.0.0.1:4318"], options));
        Assert.Null(ConfigKeys.Find("otlp-protocol")!.Apply(["http/protobuf"], options));
        Assert.Null(ConfigKeys.Find("service-name")!.Apply(["edge"], options));
        Assert.Equal(new Uri("http://127.0.0.1:4318"), options.Telemetry.OtlpEndpoint);
        Assert.Equal("http/protobuf", options.Telemetry.OtlpProtocol);
        Assert.Equal("edge", options.Telemetry.ServiceName);
    }
}
