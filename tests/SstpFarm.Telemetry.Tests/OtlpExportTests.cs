using System.Net;
using System.Net.Sockets;
using SstpFarm.Client;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using SstpFarm.Host.Options;
using SstpFarm.Telemetry.Tests.Otlp;
using Xunit.Abstractions;

namespace SstpFarm.Telemetry.Tests;

/// <summary>A real node with real sessions exporting over OTLP/HTTP to a receiver on Kestrel; the payloads are decoded and checked.</summary>
[Trait("Category", "Node")]
public sealed class OtlpExportTests(ITestOutputHelper output)
{
    /// <summary>Short export intervals so "eventually" comes quickly (liveness bounds, not timing assertions).</summary>
    private static readonly Dictionary<string, string?> FastExport = new(StringComparer.Ordinal)
    {
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test",
    };

    private static readonly string[] StageSpans = ["sstp.tls", "sstp.http", "sstp.sstp", "ppp.lcp", "ppp.auth", "ppp.ipcp"];

    [Fact]
    public async Task SessionsSetupsSpansAndLogsArriveOverOtlp()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        var options = new TelemetryOptions { OtlpEndpoint = receiver.Endpoint, OtlpProtocol = "http/protobuf", ServiceName = "sstpfarm-test" };
        await using TelemetryNode node = await TelemetryNode.StartAsync(options, FastExport);
        Assert.True(node.Telemetry.Exporting);

        SstpClientSession first = await node.ConnectAsync();
        SstpClientSession second = await node.ConnectAsync();
        await Assert.ThrowsAsync<SstpConnectException>(() => node.ConnectAsync(password: "not-the-password"));
        await SendPlainHttpAsync(node);
        Eventually.True(() => node.Node.SessionCount == 2, () => $"sessions {node.Node.SessionCount}");

        // Metrics (cumulative; the latest point of a series is its value now).
        Eventually.True(() => Value(receiver, "sstpfarm.sessions.active") == 2, () => Describe(receiver));
        Eventually.True(() => Value(receiver, "sstpfarm.session.setups", ("result", "ok")) == 2 && Value(receiver, "sstpfarm.session.setups", ("result", "auth_failed")) == 1, () => Describe(receiver));
        Eventually.True(() => Value(receiver, "sstpfarm.tls.handshake.failures", ("reason", "protocol")) == 1 && Value(receiver, "sstpfarm.session.setups", ("result", "tls_failed")) == 1, () => Describe(receiver));
        Eventually.True(() => Value(receiver, "sstpfarm.tunnel.io", ("network.io.direction", "receive")) > 0 && Value(receiver, "sstpfarm.tunnel.io", ("network.io.direction", "transmit")) > 0, () => Describe(receiver));
        Eventually.True(() => Value(receiver, "sstpfarm.controlplane.operations", ("operation", "pool.allocate"), ("outcome", "ok")) == 2, () => Describe(receiver));
        Eventually.True(() => Value(receiver, "sstpfarm.pool.addresses", ("state", "leased")) == 2, () => Describe(receiver));
        Assert.Equal(1, Value(receiver, "sstpfarm.node.admin_state", ("state", "active")));
        Assert.Equal(0, Value(receiver, "sstpfarm.node.admin_state", ("state", "draining")));
        foreach (string stage in new[] { "tls", "http", "sstp", "lcp", "auth", "ipcp", "total" })
        {
            MetricPoint? duration = receiver.Latest("sstpfarm.session.setup.duration", ("stage", stage));
            Assert.True(duration is { Kind: "histogram", Unit: "s" }, $"no setup duration for stage {stage}: {Describe(receiver)}");
            Assert.True(duration!.Count >= 2, $"stage {stage}: count {duration.Count}");
            Assert.Contains(0.5, duration.Bounds);
        }

        Assert.Equal("counter", receiver.Latest("sstpfarm.session.setups")!.Kind);
        Assert.Equal("updowncounter", receiver.Latest("sstpfarm.sessions.active")!.Kind);

        // Spans: one trace per setup, the stage spans children of its root.
        List<SpanRecord> roots = [];
        Eventually.True(
            () => (roots = receiver.Spans().Where(s => s.Name == "sstp.session.setup").ToList()).Count(r => r.Attributes.GetValueOrDefault("result") == "ok") == 2
                && roots.Any(r => r.Attributes.GetValueOrDefault("result") == "auth_failed"),
            () => string.Join('\n', receiver.Spans().Select(s => $"{s.TraceId} {s.Name} {string.Join(',', s.Attributes)}")));
        List<SpanRecord> spans = receiver.Spans();
        foreach (SpanRecord root in roots.Where(r => r.Attributes["result"] == "ok"))
        {
            List<SpanRecord> children = spans.Where(s => s.TraceId == root.TraceId && s.ParentSpanId == root.SpanId).ToList();
            Assert.Equal(StageSpans.Order(), children.Select(c => c.Name).Order());
            Assert.Equal(string.Empty, root.ParentSpanId);
        }

        SpanRecord failed = roots.Single(r => r.Attributes["result"] == "auth_failed");
        Assert.Equal(2, failed.StatusCode); // STATUS_CODE_ERROR
        Assert.Contains(spans, s => s.TraceId == failed.TraceId && s.Name == "ppp.auth" && s.StatusCode == 2);

        // Logs: event ids and the setup's trace id.
        Eventually.True(() => receiver.Logs().Any(l => l.EventName == "SessionConnected"), () => string.Join('\n', receiver.Logs().Select(l => $"{l.EventName} {l.TraceId} {string.Join(',', l.Attributes)} {l.Body}")));
        List<LogRecordData> connected = receiver.Logs().Where(l => l.EventName == "SessionConnected").ToList();
        Assert.Equal(2, connected.Count);
        Assert.All(connected, l => Assert.Equal("1203", l.Attributes.GetValueOrDefault("event.id") ?? l.Attributes.GetValueOrDefault("EventId")));
        Assert.All(connected, l => Assert.Contains(roots, r => r.TraceId == l.TraceId));
        Assert.Contains(receiver.Logs(), l => l.EventName == "SessionAuthenticationFailed" && l.TraceId == failed.TraceId);
        LogRecordData any = connected[0];
        Assert.Equal("sstpfarm-test", any.Resource["service.name"]);
        Assert.Equal("telemetry-test", any.Resource["service.instance.id"]);
        Assert.Equal("test", any.Resource["deployment.environment"]);

        // Both sessions end: active goes to 0, the ends are counted.
        await first.DisposeAsync();
        await second.DisposeAsync();
        Eventually.True(() => Value(receiver, "sstpfarm.sessions.active") == 0, () => Describe(receiver));
        Eventually.True(() => Value(receiver, "sstpfarm.session.ends", ("reason", "client_disconnect")) == 2, () => Describe(receiver));
    }

    private static double? Value(OtlpReceiver receiver, string name, params (string Key, string Value)[] attributes) =>
        receiver.Latest(name, attributes)?.Value;

    private string Describe(OtlpReceiver receiver)
    {
        var latest = receiver.Metrics()
            .GroupBy(p => p.Name + "{" + string.Join(',', p.Attributes.OrderBy(a => a.Key).Select(a => a.Key + "=" + a.Value)) + "}")
            .Select(g => $"{g.Key} [{g.Last().Kind}] = {g.Last().Value} (count {g.Last().Count})");
        string text = $"{receiver.Count("metrics")} metric exports:\n" + string.Join('\n', latest);
        output.WriteLine(text);
        return text;
    }

    /// <summary>A client that speaks plain HTTP to the TLS port: the node's TLS handshake fails on the first record.</summary>
    private static async Task SendPlainHttpAsync(TelemetryNode node)
    {
        using Socket plain = await NamespaceSockets.ConnectAsync(node.Namespace.Path, new IPEndPoint(IPAddress.Loopback, node.Node.LocalEndPoint!.Port));
        await plain.SendAsync("GET / HTTP/1.1\r\nHost: node\r\n\r\n"u8.ToArray(), SocketFlags.None);
        byte[] sink = new byte[512];
        try
        {
            while (await plain.ReceiveAsync(sink, SocketFlags.None) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is as good a close as a FIN here.
        }
    }
}
