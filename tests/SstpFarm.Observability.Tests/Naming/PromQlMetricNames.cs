using System.Text.RegularExpressions;

namespace SstpFarm.Observability.Tests.Naming;

/// <summary>
/// Finds the SstpFarm metric names (sstpfarm_*) a PromQL expression — or a whole rules file —
/// selects. String literals (label values, YAML annotations) and # comments are removed first,
/// so only names in selector position count.
/// </summary>
internal static partial class PromQlMetricNames
{
    public static IReadOnlySet<string> In(string text)
    {
        string code = Comment().Replace(StringLiteral().Replace(text, "\"\""), string.Empty);
        return Name().Matches(code).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("#[^\\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex("(?<![A-Za-z0-9_:])sstpfarm_[A-Za-z0-9_:]*")]
    private static partial Regex Name();
}
