using SstpFarm.Observability.Tests.Infrastructure;

namespace SstpFarm.Observability.Tests.Collector;

/// <summary>deploy/observability/otel-collector.yaml: consistent components and what the dashboard and alerts rely on.</summary>
public sealed class CollectorConfigTests
{
    private static YamlOutline Shipped() => YamlOutline.Parse(File.ReadAllText(RepositoryFiles.CollectorConfig));

    [Fact]
    public void Pipelines_name_only_defined_components() =>
        Assert.Empty(CollectorConfigCheck.Problems(Shipped()));

    [Fact]
    public void Metrics_reach_the_prometheus_exporter_with_resource_labels()
    {
        YamlOutline config = Shipped();
        YamlOutline metrics = config.At("service", "pipelines", "metrics") ?? throw new InvalidOperationException("no metrics pipeline");
        Assert.Equal(["otlp"], metrics["receivers"]!.FlowList());
        Assert.Contains("prometheus", metrics["exporters"]!.FlowList());
        // memory_limiter first and batch last: the collector's recommended order.
        IReadOnlyList<string> processors = metrics["processors"]!.FlowList();
        Assert.Equal("memory_limiter", processors[0]);
        Assert.Equal("batch", processors[^1]);
        Assert.Contains("resource/node", processors);
        Assert.Equal("true", config.At("exporters", "prometheus", "resource_to_telemetry_conversion", "enabled")?.Value);
    }

    [Fact]
    public void Node_label_comes_from_the_service_instance_id()
    {
        YamlOutline action = Assert.Single(Shipped().At("processors", "resource/node", "attributes")!.Children);
        Assert.Equal("node", action["key"]?.Value);
        Assert.Equal("service.instance.id", action["from_attribute"]?.Value);
        Assert.Equal("upsert", action["action"]?.Value);
    }

    [Fact]
    public void Otlp_is_received_over_grpc_and_http()
    {
        YamlOutline protocols = Shipped().At("receivers", "otlp", "protocols")!;
        Assert.EndsWith(":4317", protocols.At("grpc", "endpoint")?.Value, StringComparison.Ordinal);
        Assert.EndsWith(":4318", protocols.At("http", "endpoint")?.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Traces_and_logs_have_pipelines()
    {
        YamlOutline pipelines = Shipped().At("service", "pipelines")!;
        Assert.NotNull(pipelines["traces"]);
        Assert.NotNull(pipelines["logs"]);
    }

    [Fact]
    public void Prometheus_scrapes_the_port_the_exporter_listens_on()
    {
        string endpoint = Shipped().At("exporters", "prometheus", "endpoint")!.Value;
        string port = endpoint[(endpoint.LastIndexOf(':') + 1)..];
        string scrape = File.ReadAllText(RepositoryFiles.PrometheusConfig);
        Assert.Contains($"127.0.0.1:{port}'", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public void Series_of_a_dead_node_expire_well_within_the_node_down_window()
    {
        // SstpFarmNodeNotReporting looks back 1h for the node and waits 5m: expiry must be shorter.
        string expiration = Shipped().At("exporters", "prometheus", "metric_expiration")!.Value;
        Assert.Matches("^[1-4]m$", expiration);
    }

    [Theory]
    [InlineData("exporters: [prometheus]", "exporters: [prometheus, otlp/missing]", "'otlp/missing' is not defined under exporters")]
    [InlineData("processors: [memory_limiter, resource/node, batch]\n      exporters: [prometheus]", "processors: [memory_limiter, resource/node, batch, filter]\n      exporters: [prometheus]", "'filter' is not defined under processors")]
    [InlineData("  batch:\n", "  batch:\n  transfrom:\n", "unknown component type 'transfrom'")]
    [InlineData("extensions: [health_check]", "extensions: [health_check, zpages]", "'zpages' is not defined under extensions")]
    public void A_broken_config_is_reported(string original, string broken, string problem)
    {
        string text = File.ReadAllText(RepositoryFiles.CollectorConfig);
        Assert.Contains(original, text, StringComparison.Ordinal);
        IReadOnlyList<string> problems = CollectorConfigCheck.Problems(YamlOutline.Parse(text.Replace(original, broken, StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Outline_reads_nesting_lists_comments_and_flow_lists()
    {
        YamlOutline yaml = YamlOutline.Parse("""
            a:   # comment
              b: "x # not a comment"
              c:
                - key: k
                  from: f
                - plain
            d: [one, two/x ,three]
            """);
        Assert.Equal("\"x # not a comment\"", yaml.At("a", "b")?.Value);
        Assert.Equal(2, yaml.At("a", "c")!.Children.Count);
        Assert.Equal("f", yaml.At("a", "c")!.Children[0]["from"]?.Value);
        Assert.Equal(["one", "two/x", "three"], yaml["d"]!.FlowList());
        Assert.Null(yaml.At("a", "missing"));
    }

    [Theory]
    [InlineData("a: |\n  text")]
    [InlineData("a:\n\tb: 1")]
    [InlineData("just words")]
    public void Outline_refuses_what_it_does_not_understand(string yaml) =>
        Assert.Throws<FormatException>(() => YamlOutline.Parse(yaml));
}
