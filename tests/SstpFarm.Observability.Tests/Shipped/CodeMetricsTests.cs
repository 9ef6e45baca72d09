using SstpFarm.Observability.Tests.Infrastructure;
using SstpFarm.Observability.Tests.Naming;
using Xunit.Abstractions;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>
/// The dashboard and the alert rules select only metrics the code really publishes (through the
/// collector's naming), and the code publishes its instruments as docs/telemetry.md says.
/// </summary>
public sealed class CodeMetricsTests(ITestOutputHelper output)
{
    private static IReadOnlyList<InstrumentDescription> Catalogue() =>
        TelemetryCatalogue.Parse(File.ReadAllText(RepositoryFiles.TelemetryCatalogue));

    [Fact]
    public void Dashboard_and_alerts_name_only_metrics_the_code_publishes()
    {
        IReadOnlyList<InstrumentDescription> published = CodeInstruments.Published();
        HashSet<string> pending = [.. CodeInstruments.NotYetPublished.Select(PrometheusNaming.Underscored)];
        ShippedMetricReference[] references = [.. ShippedMetricReferences.All(File.ReadAllText(RepositoryFiles.Dashboard), File.ReadAllText(RepositoryFiles.AlertRules))
            .Where(r => !pending.Contains(PrometheusNaming.InstrumentStem(r.Metric)))];
        Assert.NotEmpty(references);
        MetricCoverage.AssertAllExist(references, published, "the code", output);
        output.WriteLine("Not checked against the code until published: " + string.Join(", ", CodeInstruments.NotYetPublished));
    }

    [Fact]
    public void Published_instruments_match_the_catalogue()
    {
        // A unit or kind that differs from the contract changes the Prometheus name the dashboard uses.
        IReadOnlyList<InstrumentDescription> catalogue = Catalogue();
        IReadOnlyList<InstrumentDescription> published = CodeInstruments.Published();
        Assert.NotEmpty(published);
        Assert.All(published, i => Assert.Contains(i, catalogue));
    }

    [Fact]
    public void Instruments_awaiting_the_code_are_catalogued_and_not_published_yet()
    {
        HashSet<string> published = [.. CodeInstruments.Published().Select(i => i.Name)];
        HashSet<string> catalogued = [.. Catalogue().Select(i => i.Name)];
        Assert.All(CodeInstruments.NotYetPublished, name =>
        {
            Assert.Contains(name, catalogued);
            Assert.False(published.Contains(name), $"{name} is published now: remove it from CodeInstruments.NotYetPublished (and create its meter in CodeInstruments.Published)");
        });
    }
}
