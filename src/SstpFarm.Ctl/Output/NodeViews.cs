using Spectre.Console;
using Spectre.Console.Rendering;
using SstpFarm.Api.V1;

namespace SstpFarm.Ctl.Output;

/// <summary>Nodes as tables.</summary>
internal static class NodeViews
{
    public static IRenderable List(ListNodesResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Table table = HumanFormat.Table("NODE", "STATE", "HEALTH", "SESSIONS", "LOAD", "VERSION", "STARTED", "LAST HEARTBEAT");
        foreach (Node node in response.Nodes)
        {
            table.Row(node.NodeId, HumanFormat.Enum(node.AdminState), HumanFormat.Enum(node.Health), HumanFormat.Number(node.SessionCount), HumanFormat.Percent(node.Load), HumanFormat.Text(node.Version), HumanFormat.Time(node.StartedAt), HumanFormat.Time(node.LastHeartbeatAt));
        }

        return new Rows(table, new Text($"{response.Nodes.Count} nodes (directory version {response.DirectoryVersion}){Environment.NewLine}"));
    }

    public static Table One(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return HumanFormat.Details(
            ("node", node.NodeId),
            ("state", HumanFormat.Enum(node.AdminState)),
            ("health", HumanFormat.Enum(node.Health)),
            ("sessions", HumanFormat.Number(node.SessionCount)),
            ("load", HumanFormat.Percent(node.Load)),
            ("version", HumanFormat.Text(node.Version)),
            ("started", HumanFormat.Time(node.StartedAt)),
            ("last heartbeat", HumanFormat.Time(node.LastHeartbeatAt)));
    }
}
