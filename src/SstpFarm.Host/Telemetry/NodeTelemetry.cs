using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SstpFarm.Api;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Telemetry;
using SstpFarm.DataPlane.Telemetry;

namespace SstpFarm.Host.Telemetry;

/// <summary>
/// The node's OTLP export (docs/telemetry.md): when <see cref="TelemetrySettings.Enabled"/>, one
/// OpenTelemetry SDK exports the <c>SstpFarm.*</c> meters and activity sources and the host's logs
/// (batch processors with bounded queues: a slow collector loses data, never blocks the data path).
/// When not enabled no SDK, exporter or listener exists and the loggers are the console's only.
/// Dispose flushes what is pending.
/// </summary>
public sealed class NodeTelemetry : IAsyncDisposable
{
    /// <summary>Setup stages take milliseconds (LAN, local users) to seconds (RADIUS, slow clients, timeouts).</summary>
    public static readonly double[] SetupDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Control-plane calls: in-memory microseconds to Redis round trips and timeouts.</summary>
    public static readonly double[] ControlPlaneDurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

    private static readonly string Version = typeof(NodeTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    private readonly OpenTelemetrySdk? _sdk;
    private readonly ControlPlaneMetrics? _controlPlaneMetrics;
    private readonly TimeSpan _refreshInterval;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _refresh;

    private NodeTelemetry(ILoggerFactory loggers, OpenTelemetrySdk? sdk, TimeSpan refreshInterval)
    {
        Loggers = loggers;
        _sdk = sdk;
        _refreshInterval = refreshInterval;
        _controlPlaneMetrics = sdk is null ? null : new ControlPlaneMetrics();
    }

    /// <summary>The host's loggers: the configured providers (the console) plus OTLP when exporting.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>True when an exporter was created.</summary>
    public bool Exporting => _sdk is not null;

    /// <summary>The SDK's meter provider (null when not exporting), e.g. to force a flush.</summary>
    public MeterProvider? MeterProvider => _sdk?.MeterProvider;

    /// <summary>The SDK's tracer provider (null when not exporting).</summary>
    public TracerProvider? TracerProvider => _sdk?.TracerProvider;

    public static NodeTelemetry Start(TelemetrySettings settings, Action<ILoggingBuilder> configureLogging)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configureLogging);
        if (!settings.Enabled)
        {
            return new NodeTelemetry(LoggerFactory.Create(configureLogging), null, TimeSpan.Zero);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Configuration).Build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.Create(builder =>
        {
            // The SDK, the exporter and the resource detector all read OTEL_* from this, not from the process.
            builder.Services.AddSingleton(configuration);
            builder
                .ConfigureResource(resource => resource
                    .AddEnvironmentVariableDetector()
                    .AddService(settings.ServiceName, serviceVersion: Version, serviceInstanceId: settings.NodeId))
                .WithMetrics(metrics => metrics
                    .AddMeter(DataPlaneTelemetry.Name, ControlPlaneMetrics.Name, ApiTelemetry.Name)
                    .AddView("sstpfarm.session.setup.duration", new ExplicitBucketHistogramConfiguration { Boundaries = SetupDurationBuckets })
                    .AddView("sstpfarm.controlplane.operation.duration", new ExplicitBucketHistogramConfiguration { Boundaries = ControlPlaneDurationBuckets }))
                .WithTracing(tracing => tracing.AddSource(DataPlaneTelemetry.Name, ApiTelemetry.Name))
                .WithLogging(logging => logging.AddProcessor(new EventIdLogProcessor()))
                .UseOtlpExporter();
        });

        ILoggerFactory otlp = sdk.GetLoggerFactory();
        ILoggerFactory loggers = LoggerFactory.Create(builder =>
        {
            configureLogging(builder);
            builder.AddProvider(new NonOwningLoggerProvider(otlp));
        });
        return new NodeTelemetry(loggers, sdk, settings.MetricExportInterval);
    }

    /// <summary>
    /// The control plane to give the node: counted and timed on the <c>SstpFarm.ControlPlane</c> meter,
    /// with the pool and cluster gauges refreshed once per export interval. Unchanged when not exporting.
    /// </summary>
    public IControlPlane Instrument(IControlPlane controlPlane)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        if (_controlPlaneMetrics is null)
        {
            return controlPlane;
        }

        var instrumented = new InstrumentedControlPlane(controlPlane, _controlPlaneMetrics);
        _refresh ??= RefreshLoopAsync(instrumented, _stopping.Token);
        return instrumented;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_refresh is not null)
        {
#pragma warning disable VSTHRD003 // started by this object
            await _refresh.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        }

        Loggers.Dispose();

        // Flushes the batch processors and the last metric collection, then shuts the exporters down.
        _sdk?.Dispose();
        _controlPlaneMetrics?.Dispose();
        _stopping.Dispose();
    }

    private async Task RefreshLoopAsync(InstrumentedControlPlane controlPlane, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_refreshInterval);
            do
            {
                await controlPlane.RefreshGaugesAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
