using System.Text.RegularExpressions;
using SstpFarm.Observability.Tests.Naming;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>The instrument table of docs/telemetry.md (the metric contract), read row by row.</summary>
internal static partial class TelemetryCatalogue
{
    public static IReadOnlyList<InstrumentDescription> Parse(string markdown) =>
        [.. Row().Matches(markdown).Select(m => new InstrumentDescription(
            m.Groups["name"].Value, m.Groups["unit"].Value, InstrumentDescription.ShapeOfKind(m.Groups["kind"].Value)))];

    // | `sstpfarm.tunnel.io` | Counter | `By` | ...
    [GeneratedRegex(@"^\|\s*`(?<name>sstpfarm\.[^`]+)`\s*\|\s*(?<kind>\w+)\s*\|\s*`(?<unit>[^`]*)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
