using System.Text.Json;
using SstpFarm.Observability.Tests.Naming;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>Every sstpfarm_* metric the Grafana dashboard and the alert rules select.</summary>
internal static class ShippedMetricReferences
{
    private static readonly string[] QueryProperties = ["expr", "query", "definition"];

    public static IReadOnlyList<ShippedMetricReference> All(string dashboardJson, string alertRulesYaml) =>
        [.. InDashboard(dashboardJson), .. InRules(alertRulesYaml)];

    /// <summary>The names in the rules file (expressions; annotations and comments do not count).</summary>
    public static IEnumerable<ShippedMetricReference> InRules(string alertRulesYaml) =>
        PromQlMetricNames.In(alertRulesYaml).Select(m => new ShippedMetricReference(m, "alerts.yml"));

    /// <summary>The names in the panels' and variables' queries, each with its panel or variable title.</summary>
    public static IEnumerable<ShippedMetricReference> InDashboard(string dashboardJson)
    {
        using JsonDocument document = JsonDocument.Parse(dashboardJson);
        return [.. Queries(document.RootElement, "dashboard")
            .SelectMany(q => PromQlMetricNames.In(q.Query).Select(m => new ShippedMetricReference(m, q.Where)))];
    }

    /// <summary>Every PromQL query of the dashboard (panel targets and template variables) with where it is.</summary>
    public static IEnumerable<(string Query, string Where)> Queries(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(e => Queries(e, where));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        string here = element.TryGetProperty("title", out JsonElement title) && title.ValueKind == JsonValueKind.String ? "panel '" + title.GetString() + "'"
            : element.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String ? "variable '" + name.GetString() + "'"
            : where;
        return element.EnumerateObject().SelectMany(p =>
            QueryProperties.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.String
                ? [(p.Value.GetString() ?? string.Empty, here)]
                : Queries(p.Value, here));
    }
}
