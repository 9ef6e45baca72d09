using System.Text;

namespace SstpFarm.Observability.Tests.Naming;

/// <summary>
/// The OpenTelemetry Collector's `prometheus` exporter naming with its default translation
/// (underscore escaping with suffixes), as specified in the OpenTelemetry "Prometheus and
/// OpenMetrics compatibility" document: the name is split at every character outside
/// [a-zA-Z0-9:] and re-joined with '_'; the UCUM unit becomes a suffix (s → seconds,
/// By → bytes, "1" → none, annotations in braces such as {session} → none, a/b → a_per_b)
/// unless the name already holds it; monotonic sums end in _total; gauges of unit "1" end in
/// _ratio; histograms are read as _bucket, _sum and _count series.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["1"] = string.Empty, ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    private static readonly string[] HistogramSeries = ["_bucket", "_sum", "_count"];

    /// <summary>The metric family name the exporter gives <paramref name="instrument"/>.</summary>
    public static string FamilyName(InstrumentDescription instrument)
    {
        List<string> tokens = [.. Tokens(instrument.Name)];
        (string main, string per) = UnitSuffixes(instrument.Unit);
        if (main.Length > 0 && !tokens.Contains(main))
        {
            tokens.Add(main);
        }

        if (per.Length > 0 && !tokens.Contains(per))
        {
            tokens.Add(per);
        }

        if (instrument.Shape == InstrumentShape.MonotonicSum)
        {
            tokens.RemoveAll(t => t == "total");
            tokens.Add("total");
        }

        if (instrument.Unit == "1" && instrument.Shape == InstrumentShape.Gauge)
        {
            tokens.RemoveAll(t => t == "ratio");
            tokens.Add("ratio");
        }

        string name = string.Join('_', tokens);
        return name.Length > 0 && char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    /// <summary>The series names a PromQL query can select for <paramref name="instrument"/>.</summary>
    public static IReadOnlyList<string> SeriesNames(InstrumentDescription instrument)
    {
        string family = FamilyName(instrument);
        return instrument.Shape == InstrumentShape.Histogram ? [.. HistogramSeries.Select(s => family + s)] : [family];
    }

    /// <summary>
    /// The other way, for messages: the instrument name (dots as underscores) a series name most
    /// likely came from — histogram, _total and _ratio suffixes and a known unit suffix removed.
    /// </summary>
    public static string InstrumentStem(string seriesName)
    {
        string stem = seriesName;
        foreach (string suffix in HistogramSeries.Concat(["_total", "_ratio"]))
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal))
            {
                stem = stem[..^suffix.Length];
            }
        }

        foreach (string unit in Units.Values.Where(u => u.Length > 0))
        {
            if (stem.EndsWith("_" + unit, StringComparison.Ordinal))
            {
                return stem[..^(unit.Length + 1)];
            }
        }

        return stem;
    }

    /// <summary>An instrument name with its dots as the exporter writes them (for comparing with <see cref="InstrumentStem"/>).</summary>
    public static string Underscored(string instrumentName) => string.Join('_', Tokens(instrumentName));

    private static string[] Tokens(string name)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ':')
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return [.. tokens];
    }

    private static (string Main, string Per) UnitSuffixes(string unit)
    {
        string[] parts = unit.Split('/', 2);
        string main = Translate(parts[0], Units);
        string per = parts.Length > 1 ? Translate(parts[1], PerUnits) : string.Empty;
        return (main, per.Length > 0 ? "per_" + per : string.Empty);
    }

    // Blank units and UCUM annotations ({session}) add nothing; unknown units are used as written.
    private static string Translate(string unit, Dictionary<string, string> table)
    {
        string trimmed = unit.Trim();
        if (trimmed.Length == 0 || trimmed.AsSpan().ContainsAny('{', '}'))
        {
            return string.Empty;
        }

        string word = table.TryGetValue(trimmed, out string? known) ? known : trimmed;
        return string.Join('_', Tokens(word));
    }
}
