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
        IReadOnlyList<ShippedMetricReference> references = ShippedMetricReferences.All(
            File.ReadAllText(RepositoryFiles.Dashboard), File.ReadAllText(RepositoryFiles.AlertRules));
        Assert.NotEmpty(references);
        MetricCoverage.AssertAllExist(references, CodeInstruments.Published(), "the code", output);
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
    public void Every_catalogued_instrument_is_published()
    {
        HashSet<string> published = [.. CodeInstruments.Published().Select(i => i.Name)];
        Assert.All(Catalogue(), i => Assert.True(published.Contains(i.Name), $"{i.Name} is in docs/telemetry.md but no SstpFarm meter publishes it"));
    }
}
