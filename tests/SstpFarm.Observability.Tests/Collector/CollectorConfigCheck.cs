namespace SstpFarm.Observability.Tests.Collector;

/// <summary>
/// The structural rules the collector applies at start-up that can be checked without the
/// collector binary (not in Debian): every component a pipeline or the service names is
/// defined, and every defined component is of a type the contrib distribution ships.
/// </summary>
internal static class CollectorConfigCheck
{
    // Component types this config may use (all in otelcol-contrib).
    private static readonly Dictionary<string, string[]> KnownTypes = new(StringComparer.Ordinal)
    {
        ["receivers"] = ["otlp"],
        ["processors"] = ["batch", "memory_limiter", "resource"],
        ["exporters"] = ["prometheus", "otlp", "otlphttp", "debug"],
        ["extensions"] = ["health_check"],
    };

    /// <summary>The problems found, one per line; empty when the outline is consistent.</summary>
    public static IReadOnlyList<string> Problems(YamlOutline config)
    {
        var problems = new List<string>();
        foreach ((string section, string[] types) in KnownTypes)
        {
            foreach (YamlOutline component in config[section]?.Children ?? [])
            {
                string type = component.Key.Split('/')[0];
                if (!types.Contains(type))
                {
                    problems.Add($"{section}.{component.Key}: unknown component type '{type}'");
                }
            }
        }

        YamlOutline? pipelines = config.At("service", "pipelines");
        if (pipelines is null || pipelines.Children.Count == 0)
        {
            problems.Add("service.pipelines: none");
            return problems;
        }

        foreach (YamlOutline pipeline in pipelines.Children)
        {
            if (!new[] { "metrics", "traces", "logs" }.Contains(pipeline.Key.Split('/')[0]))
            {
                problems.Add($"service.pipelines.{pipeline.Key}: not a metrics, traces or logs pipeline");
            }

            foreach (string section in new[] { "receivers", "processors", "exporters" })
            {
                YamlOutline? list = pipeline[section];
                if (list is null)
                {
                    if (section != "processors")
                    {
                        problems.Add($"service.pipelines.{pipeline.Key}: no {section}");
                    }

                    continue;
                }

                problems.AddRange(list.FlowList().Where(name => config.At(section, name) is null)
                    .Select(name => $"service.pipelines.{pipeline.Key}.{section}: '{name}' is not defined under {section}"));
            }
        }

        YamlOutline? extensions = config.At("service", "extensions");
        if (extensions is not null)
        {
            problems.AddRange(extensions.FlowList().Where(name => config.At("extensions", name) is null)
                .Select(name => $"service.extensions: '{name}' is not defined under extensions"));
        }

        return problems;
    }
}
