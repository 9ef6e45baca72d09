using System.Text.Json;
using System.Text.RegularExpressions;
using SstpFarm.Observability.Tests.Infrastructure;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>
/// A real Prometheus (Debian's) runs the shipped prometheus.yml and alerts.yml: it loads every
/// alert and scrapes a stand-in for the collector's exporter the way the config says
/// (honor_labels keeps the node's job/instance).
/// </summary>
public sealed partial class PrometheusServerTests
{
    // What the collector's prometheus exporter serves for one node (resource_to_telemetry_conversion on).
    private const string Exposition = """
        # TYPE sstpfarm_node_admin_state_ratio gauge
        sstpfarm_node_admin_state_ratio{instance="n1",job="sstpfarm",node="n1",service_instance_id="n1",state="active"} 1
        sstpfarm_node_admin_state_ratio{instance="n1",job="sstpfarm",node="n1",service_instance_id="n1",state="draining"} 0
        # TYPE sstpfarm_session_setups_total counter
        sstpfarm_session_setups_total{instance="n1",job="sstpfarm",node="n1",result="ok",service_instance_id="n1"} 7

        """;

    [Fact]
    public async Task Shipped_config_loads_every_alert_and_scrapes_the_collector()
    {
        using var scratch = new ScratchDirectory();
        await using var collector = new StaticExposition(Exposition);
        File.Copy(RepositoryFiles.AlertRules, scratch.Combine("alerts.yml"));
        string config = Rewrite(await File.ReadAllTextAsync(RepositoryFiles.PrometheusConfig), new()
        {
            ["scrape_interval: 15s"] = "scrape_interval: 1s",
            ["evaluation_interval: 15s"] = "evaluation_interval: 1s",
            ["'127.0.0.1:8889'"] = $"'127.0.0.1:{collector.Port}'",
            ["'127.0.0.1:8888'"] = $"'127.0.0.1:{FreeTcpPort.Pick()}'", // the collector's self metrics: nobody there
        });
        Directory.CreateDirectory(scratch.Combine("data"));
        await using PrometheusServer prometheus = PrometheusServer.Start(scratch.Write("prometheus.yml", config), scratch.Combine("data"));

        string[] expected = [.. AlertName().Matches(await File.ReadAllTextAsync(RepositoryFiles.AlertRules)).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        JsonElement rules = await prometheus.WaitForAsync("api/v1/rules?type=alert", data => AlertRules(data).Count() == expected.Length);
        Assert.Equal(expected, AlertRules(rules).Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(8, expected.Length);

        // Evaluated without error (health stays "unknown" until the first evaluation).
        rules = await prometheus.WaitForAsync("api/v1/rules?type=alert", data => AlertRules(data).All(r => r.GetProperty("health").GetString() != "unknown"));
        Assert.All(AlertRules(rules), r => Assert.True(r.GetProperty("health").GetString() == "ok", r.ToString()));

        JsonElement result = await prometheus.WaitForAsync(
            "api/v1/query?query=" + Uri.EscapeDataString("sstpfarm_node_admin_state_ratio{state=\"active\"} == 1"),
            data => data.GetProperty("result").GetArrayLength() > 0);
        JsonElement labels = Assert.Single(result.GetProperty("result").EnumerateArray()).GetProperty("metric");
        Assert.Equal("n1", labels.GetProperty("node").GetString());
        Assert.Equal("sstpfarm", labels.GetProperty("job").GetString()); // honor_labels: the node's, not the scrape job's
    }

    private static IEnumerable<JsonElement> AlertRules(JsonElement data) =>
        data.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray());

    private static string Rewrite(string text, Dictionary<string, string> replacements)
    {
        foreach ((string from, string to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    [GeneratedRegex(@"^\s*- alert: (\S+)", RegexOptions.Multiline)]
    private static partial Regex AlertName();
}
