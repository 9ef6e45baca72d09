namespace SstpFarm.Observability.Tests.Naming;

public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("sum by (le, stage) (rate(sstpfarm_session_setup_duration_seconds_bucket{node=~\"$node\"}[5m]))", "sstpfarm_session_setup_duration_seconds_bucket")]
    [InlineData("sstpfarm_sessions_active", "sstpfarm_sessions_active")]
    [InlineData("a / sstpfarm_x_total[5m] + on (node) sstpfarm_y", "sstpfarm_x_total sstpfarm_y")]
    [InlineData("label_values(sstpfarm_node_admin_state_ratio, node)", "sstpfarm_node_admin_state_ratio")]
    // Label values, other prefixes and comments are not metric names.
    [InlineData("up{job=\"sstpfarm_collector\"} == 0", "")]
    [InlineData("my_sstpfarm_x + sstpfarm2_y", "")]
    [InlineData("rate(x[5m]) # see sstpfarm_old_total", "")]
    [InlineData("{__name__='sstpfarm_z'}", "")]
    public void Finds_metric_names_in_selector_position(string promQl, string expected)
    {
        string[] want = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(want.Order(StringComparer.Ordinal), PromQlMetricNames.In(promQl).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Annotations_of_a_rules_file_do_not_count()
    {
        const string Rules = """
            groups:
              - name: g
                rules:
                  # sstpfarm_commented_out
                  - alert: A
                    expr: |
                      sum by (node) (rate(sstpfarm_a_total{result!="ok"}[5m])) > 0
                    annotations:
                      summary: "the dashboard's 'sstpfarm_b' panel"
                  - alert: B
                    expr: max(sstpfarm_c) > 0
            """;
        Assert.Equal(["sstpfarm_a_total", "sstpfarm_c"], PromQlMetricNames.In(Rules).Order(StringComparer.Ordinal));
    }
}
