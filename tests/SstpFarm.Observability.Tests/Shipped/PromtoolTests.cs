using System.Text;
using System.Text.Json;
using SstpFarm.Observability.Tests.Infrastructure;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>Debian's promtool accepts the shipped rules and scrape config and the rules pass their unit tests.</summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task Alert_rules_are_valid()
    {
        (int exitCode, string output) = await DebianTool.RunAsync(DebianTool.Promtool, "check", "rules", RepositoryFiles.AlertRules);
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 8 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_config_is_valid_with_its_rules()
    {
        (int exitCode, string output) = await DebianTool.RunAsync(DebianTool.Promtool, "check", "config", RepositoryFiles.PrometheusConfig);
        Assert.True(exitCode == 0, output);
        Assert.Contains("1 rule files found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_rules_pass_their_unit_tests()
    {
        (int exitCode, string output) = await DebianTool.RunAsync(DebianTool.Promtool, "test", "rules", RepositoryFiles.AlertRuleTests);
        Assert.True(exitCode == 0, output);
    }

    [Theory]
    // Each mutation breaks one alert; the unit tests must notice (they are not vacuous).
    [InlineData(") < 0.10", ") < 0.01")]
    [InlineData("and on () (max(sstpfarm_cluster_nodes{health=\"dead\"}) > 0)", "or on () (max(sstpfarm_cluster_nodes{health=\"dead\"}) > 0)")]
    [InlineData(") > 0.20", ") > 0.50")]
    [InlineData("[5m])) > 20", "[5m])) > 60")]
    [InlineData(") > 0.05\n", ") > 0.01\n")]
    [InlineData("and on () (max(up{job=\"sstpfarm-otel-collector\"}) == 1)", "")]
    public async Task Unit_tests_fail_when_an_alert_is_broken(string original, string broken)
    {
        string rules = await File.ReadAllTextAsync(RepositoryFiles.AlertRules);
        Assert.Contains(original, rules, StringComparison.Ordinal);
        using var scratch = new ScratchDirectory();
        scratch.Write("alerts.yml", rules.Replace(original, broken, StringComparison.Ordinal));
        File.Copy(RepositoryFiles.AlertRuleTests, scratch.Combine("alerts.test.yml"));

        (int exitCode, string output) = await DebianTool.RunAsync(DebianTool.Promtool, "test", "rules", scratch.Combine("alerts.test.yml"));
        Assert.True(exitCode != 0, "promtool test rules passed with a broken alert:\n" + output);
        Assert.Contains("FAILED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_queries_are_valid_PromQL()
    {
        // promtool has no query parser of its own: every panel query becomes a recording rule
        // (Grafana's variables replaced by plain values), and `check rules` parses them.
        using JsonDocument dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.Dashboard));
        (string Query, string Where)[] queries = [.. ShippedMetricReferences.Queries(dashboard.RootElement, "dashboard").Where(q => !q.Query.StartsWith("label_values(", StringComparison.Ordinal) && q.Query != "prometheus")];
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.Length; i++)
        {
            string promQl = GrafanaVariables.Substitute(queries[i].Query);
            Assert.False(promQl.Contains('$', StringComparison.Ordinal), $"{queries[i].Where}: unknown Grafana variable in {promQl}");
            rules.Append("      - record: dashboard:query").Append(i).Append("\n        expr: |\n          ").Append(promQl.Replace("\n", "\n          ", StringComparison.Ordinal)).Append('\n');
        }

        using var scratch = new ScratchDirectory();
        (int exitCode, string output) = await DebianTool.RunAsync(DebianTool.Promtool, "check", "rules", scratch.Write("dashboard-rules.yml", rules.ToString()));
        Assert.True(exitCode == 0, output + "\n" + rules);
        Assert.Contains($"SUCCESS: {queries.Length} rules found", output, StringComparison.Ordinal);
        Assert.True(queries.Length >= 20, $"only {queries.Length} queries found in the dashboard");
    }
}
