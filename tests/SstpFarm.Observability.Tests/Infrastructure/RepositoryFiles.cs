namespace SstpFarm.Observability.Tests.Infrastructure;

/// <summary>The shipped observability files these tests check, found from the repository root.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy", "observability");

    public static string AlertRules => Path.Combine(Deploy, "alerts.yml");

    public static string AlertRuleTests => Path.Combine(Deploy, "alerts.test.yml");

    public static string PrometheusConfig => Path.Combine(Deploy, "prometheus.yml");

    public static string CollectorConfig => Path.Combine(Deploy, "otel-collector.yaml");

    public static string Dashboard => Path.Combine(Deploy, "grafana", "dashboards", "sstpfarm.json");

    public static string TelemetryCatalogue => Path.Combine(Root, "docs", "telemetry.md");

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SstpFarm.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("no SstpFarm.sln above " + AppContext.BaseDirectory);
    }
}
