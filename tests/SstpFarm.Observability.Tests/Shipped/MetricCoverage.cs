using System.Text;
using SstpFarm.Observability.Tests.Naming;
using Xunit.Abstractions;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>
/// Compares the metrics the shipped files select with a set of instruments (the contract or what
/// the code publishes), through the collector's naming.
/// </summary>
internal static class MetricCoverage
{
    /// <summary>Fails when a reference names no series of <paramref name="instruments"/>; writes the instruments no reference shows.</summary>
    public static void AssertAllExist(IReadOnlyList<ShippedMetricReference> references, IReadOnlyList<InstrumentDescription> instruments, string source, ITestOutputHelper output)
    {
        string missing = Missing(references, instruments);
        Assert.True(missing.Length == 0, $"The dashboard/alerts select metrics {source} does not provide:\n{missing}");

        HashSet<string> used = [.. references.Select(r => r.Metric)];
        string[] unshown = [.. instruments.Where(i => !PrometheusNaming.SeriesNames(i).Any(used.Contains)).Select(i => $"{i.Name} ({string.Join(", ", PrometheusNaming.SeriesNames(i))})")];
        output.WriteLine(unshown.Length == 0
            ? $"Every instrument of {source} is shown by a panel or an alert."
            : $"Instruments of {source} no panel or alert shows:\n  " + string.Join("\n  ", unshown));
    }

    /// <summary>One line per reference whose metric no instrument produces, with the instrument it most likely meant.</summary>
    public static string Missing(IEnumerable<ShippedMetricReference> references, IReadOnlyList<InstrumentDescription> instruments)
    {
        Dictionary<string, InstrumentDescription> series = instruments
            .SelectMany(i => PrometheusNaming.SeriesNames(i).Select(s => (s, i)))
            .ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (ShippedMetricReference reference in references.Where(r => !series.ContainsKey(r.Metric)).DistinctBy(r => (r.Metric, r.Where)))
        {
            string stem = PrometheusNaming.InstrumentStem(reference.Metric);
            InstrumentDescription? meant = instruments.FirstOrDefault(i => PrometheusNaming.Underscored(i.Name) == stem);
            text.Append("  ").Append(reference.Metric).Append(" (").Append(reference.Where).Append(')')
                .Append(meant is null
                    ? $": no instrument named like {stem}"
                    : $": {meant.Name} ({meant.Shape}, unit '{meant.Unit}') is exported as {string.Join(", ", PrometheusNaming.SeriesNames(meant))}")
                .Append('\n');
        }

        return text.ToString();
    }
}
