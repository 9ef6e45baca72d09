using System.Text.Json;
using SstpFarm.Observability.Tests.Infrastructure;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>The Grafana dashboard is provisioning-ready: no fixed datasource, unique ids, no overlapping panels.</summary>
public sealed class DashboardTests
{
    private static JsonElement[] Panels(JsonDocument dashboard) =>
        [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row")];

    private static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Dashboard));

    [Fact]
    public void Every_query_uses_the_datasource_variable()
    {
        using JsonDocument dashboard = Load();
        JsonElement variable = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == "datasource");
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
        foreach (JsonElement panel in Panels(dashboard))
        {
            string title = panel.GetProperty("title").GetString()!;
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            JsonElement[] targets = [.. panel.GetProperty("targets").EnumerateArray()];
            Assert.True(targets.Length > 0, title + ": no query");
            Assert.All(targets, t => Assert.Equal("${datasource}", t.GetProperty("datasource").GetProperty("uid").GetString()));
        }
    }

    [Fact]
    public void Provisioning_identity_is_fixed_and_ids_unique()
    {
        using JsonDocument dashboard = Load();
        Assert.Equal("sstpfarm-overview", dashboard.RootElement.GetProperty("uid").GetString());
        Assert.Equal(JsonValueKind.Null, dashboard.RootElement.GetProperty("id").ValueKind);
        int[] ids = [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32())];
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Panels_do_not_overlap()
    {
        using JsonDocument dashboard = Load();
        var cells = new Dictionary<(int X, int Y), string>();
        foreach (JsonElement panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            JsonElement grid = panel.GetProperty("gridPos");
            int x0 = grid.GetProperty("x").GetInt32(), y0 = grid.GetProperty("y").GetInt32();
            int w = grid.GetProperty("w").GetInt32(), h = grid.GetProperty("h").GetInt32();
            Assert.True(x0 >= 0 && x0 + w <= 24, panel.GetProperty("title").GetString() + " is wider than the grid");
            for (int x = x0; x < x0 + w; x++)
            {
                for (int y = y0; y < y0 + h; y++)
                {
                    Assert.True(cells.TryAdd((x, y), panel.GetProperty("title").GetString()!), $"{panel.GetProperty("title").GetString()} overlaps {cells.GetValueOrDefault((x, y))}");
                }
            }
        }
    }
}
