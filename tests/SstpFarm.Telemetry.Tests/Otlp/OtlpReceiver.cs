using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SstpFarm.Telemetry.Tests.Otlp;

/// <summary>
/// An OTLP/HTTP receiver on Kestrel (127.0.0.1, a free port): keeps every protobuf body POSTed to
/// /v1/metrics, /v1/traces and /v1/logs and answers 200 with an empty (valid) Export*ServiceResponse.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _received = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
        Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>The base URL to export to (the exporter appends /v1/…).</summary>
    public Uri Endpoint { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/{signal}", async (string signal, HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver!._received.Enqueue((signal, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver = new OtlpReceiver(app);
        return receiver;
    }

    public int Count(string signal) => _received.Count(r => r.Signal == signal);

    /// <summary>Every metric point received, in arrival order (cumulative: the last one of a series is its current value).</summary>
    public List<MetricPoint> Metrics() => Bodies("metrics").SelectMany(b => OtlpDecoder.Metrics(b)).ToList();

    public List<SpanRecord> Spans() => Bodies("traces").SelectMany(b => OtlpDecoder.Spans(b)).ToList();

    public List<LogRecordData> Logs() => Bodies("logs").SelectMany(b => OtlpDecoder.Logs(b)).ToList();

    /// <summary>The latest value of <paramref name="name"/> with exactly these attributes (a subset match), or null.</summary>
    public MetricPoint? Latest(string name, params (string Key, string Value)[] attributes) =>
        Metrics().LastOrDefault(p => p.Name == name && attributes.All(a => p.Attributes.TryGetValue(a.Key, out string? v) && v == a.Value));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IEnumerable<byte[]> Bodies(string signal) => _received.Where(r => r.Signal == signal).Select(r => r.Body).ToList();
}
