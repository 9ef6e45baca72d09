using System.Diagnostics.Metrics;

namespace SstpFarm.Observability.Tests.Naming;

public sealed class PrometheusNamingTests
{
    [Theory]
    // Examples from docs/telemetry.md and the OpenTelemetry/Prometheus compatibility rules.
    [InlineData("sstpfarm.session.setups", "{setup}", "MonotonicSum", "sstpfarm_session_setups_total")]
    [InlineData("sstpfarm.tunnel.io", "By", "MonotonicSum", "sstpfarm_tunnel_io_bytes_total")]
    [InlineData("sstpfarm.sessions.active", "{session}", "NonMonotonicSum", "sstpfarm_sessions_active")]
    [InlineData("sstpfarm.session.setup.duration", "s", "Histogram", "sstpfarm_session_setup_duration_seconds")]
    [InlineData("sstpfarm.node.admin_state", "1", "Gauge", "sstpfarm_node_admin_state_ratio")]
    [InlineData("sstpfarm.cluster.nodes", "{node}", "Gauge", "sstpfarm_cluster_nodes")]
    // "1" on anything but a gauge adds nothing; an existing unit or _total is not repeated.
    [InlineData("queue.size", "1", "NonMonotonicSum", "queue_size")]
    [InlineData("io.bytes", "By", "Gauge", "io_bytes")]
    [InlineData("errors.total", "{error}", "MonotonicSum", "errors_total")]
    [InlineData("link.rate", "By/s", "Gauge", "link_rate_bytes_per_second")]
    [InlineData("odd-name..x", "widgets", "Gauge", "odd_name_x_widgets")]
    [InlineData("2xx.count", "", "MonotonicSum", "_2xx_count_total")]
    public void Family_name_follows_the_collector(string name, string unit, string shape, string expected) =>
        Assert.Equal(expected, PrometheusNaming.FamilyName(new InstrumentDescription(name, unit, Enum.Parse<InstrumentShape>(shape))));

    [Fact]
    public void Histograms_are_selected_through_bucket_sum_and_count()
    {
        var histogram = new InstrumentDescription("x.duration", "s", InstrumentShape.Histogram);
        Assert.Equal(["x_duration_seconds_bucket", "x_duration_seconds_sum", "x_duration_seconds_count"], PrometheusNaming.SeriesNames(histogram));
    }

    [Theory]
    [InlineData("sstpfarm_session_setup_duration_seconds_bucket", "sstpfarm_session_setup_duration")]
    [InlineData("sstpfarm_tunnel_io_bytes_total", "sstpfarm_tunnel_io")]
    [InlineData("sstpfarm_node_admin_state_ratio", "sstpfarm_node_admin_state")]
    [InlineData("sstpfarm_sessions_active", "sstpfarm_sessions_active")]
    [InlineData("sstpfarm_controlplane_operation_duration_seconds_count", "sstpfarm_controlplane_operation_duration")]
    public void Stem_maps_a_series_back_to_the_instrument(string series, string stem) =>
        Assert.Equal(stem, PrometheusNaming.InstrumentStem(series));

    [Fact]
    public void Underscored_matches_the_stem_of_every_catalogued_instrument()
    {
        // Round trip over the contract: forward naming then back-mapping finds the instrument again.
        string markdown = File.ReadAllText(Infrastructure.RepositoryFiles.TelemetryCatalogue);
        foreach (InstrumentDescription instrument in Shipped.TelemetryCatalogue.Parse(markdown))
        {
            foreach (string series in PrometheusNaming.SeriesNames(instrument))
            {
                Assert.Equal(PrometheusNaming.Underscored(instrument.Name), PrometheusNaming.InstrumentStem(series));
            }
        }
    }

    [Fact]
    public void Published_instruments_are_described_by_their_kind()
    {
        using var meter = new Meter("SstpFarm.Observability.Tests.Kinds");
        Assert.Equal(InstrumentShape.MonotonicSum, InstrumentDescription.Of(meter.CreateCounter<long>("a")).Shape);
        Assert.Equal(InstrumentShape.MonotonicSum, InstrumentDescription.Of(meter.CreateObservableCounter("b", () => 1L)).Shape);
        Assert.Equal(InstrumentShape.NonMonotonicSum, InstrumentDescription.Of(meter.CreateUpDownCounter<int>("c")).Shape);
        Assert.Equal(InstrumentShape.NonMonotonicSum, InstrumentDescription.Of(meter.CreateObservableUpDownCounter("d", () => 1)).Shape);
        Assert.Equal(InstrumentShape.Histogram, InstrumentDescription.Of(meter.CreateHistogram<double>("e", "s")).Shape);
        Assert.Equal(InstrumentShape.Gauge, InstrumentDescription.Of(meter.CreateObservableGauge("f", () => 1.0, "1")).Shape);
        Assert.Equal(InstrumentShape.Gauge, InstrumentDescription.Of(meter.CreateGauge<int>("g")).Shape);
        Assert.Equal("s", InstrumentDescription.Of(meter.CreateHistogram<double>("h", "s")).Unit);
    }
}
