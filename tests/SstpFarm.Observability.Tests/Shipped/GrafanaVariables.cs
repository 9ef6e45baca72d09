namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>Replaces the dashboard's Grafana variables by values Prometheus accepts, to check its queries outside Grafana.</summary>
internal static class GrafanaVariables
{
    public static string Substitute(string query) => query
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__interval", "15s", StringComparison.Ordinal)
        .Replace("$node", ".*", StringComparison.Ordinal)
        .Replace("$pool", ".*", StringComparison.Ordinal);
}
