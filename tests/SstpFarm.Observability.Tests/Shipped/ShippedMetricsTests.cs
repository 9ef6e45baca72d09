using SstpFarm.Observability.Tests.Infrastructure;
using SstpFarm.Observability.Tests.Naming;
using Xunit.Abstractions;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>The dashboard and the alert rules select only metrics the contract (docs/telemetry.md) defines.</summary>
public sealed class ShippedMetricsTests(ITestOutputHelper output)
{
    private static IReadOnlyList<ShippedMetricReference> References() => ShippedMetricReferences.All(
        File.ReadAllText(RepositoryFiles.Dashboard), File.ReadAllText(RepositoryFiles.AlertRules));

    private static IReadOnlyList<InstrumentDescription> Catalogue() =>
        TelemetryCatalogue.Parse(File.ReadAllText(RepositoryFiles.TelemetryCatalogue));

    [Fact]
    public void Catalogue_lists_the_instruments_of_the_contract()
    {
        IReadOnlyList<InstrumentDescription> catalogue = Catalogue();
        Assert.Equal(15, catalogue.Count);
        Assert.Contains(new InstrumentDescription("sstpfarm.tunnel.io", "By", InstrumentShape.MonotonicSum), catalogue);
        Assert.Contains(new InstrumentDescription("sstpfarm.node.admin_state", "1", InstrumentShape.Gauge), catalogue);
    }

    [Fact]
    public void Dashboard_and_alerts_name_only_catalogued_metrics() =>
        MetricCoverage.AssertAllExist(References(), Catalogue(), "docs/telemetry.md", output);

    [Fact]
    public void Dashboard_and_alerts_select_something() =>
        // Guards the extraction itself: an empty result would make the check above pass vacuously.
        Assert.True(References().Select(r => r.Metric).Distinct().Count() >= 12, string.Join(", ", References().Select(r => r.Metric).Distinct()));

    [Fact]
    public void A_metric_the_catalogue_lacks_is_reported_with_where_it_is_used()
    {
        ShippedMetricReference[] references = [new("sstpfarm_session_setups_total", "alerts.yml"), new("sstpfarm_session_setup_duration_seconds", "panel 'p95'")];
        string problems = MetricCoverage.Missing(references, Catalogue());
        Assert.Contains("sstpfarm_session_setup_duration_seconds (panel 'p95')", problems, StringComparison.Ordinal);
        Assert.Contains("sstpfarm.session.setup.duration", problems, StringComparison.Ordinal);
        Assert.DoesNotContain("setups_total", problems, StringComparison.Ordinal);
    }
}
