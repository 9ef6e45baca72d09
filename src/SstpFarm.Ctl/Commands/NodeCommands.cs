using System.CommandLine;
using SstpFarm.Api.V1;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;

namespace SstpFarm.Ctl.Commands;

/// <summary><c>nodes list|get|drain|resume</c> (NodeService).</summary>
internal static class NodeCommands
{
    public static Command Build(CtlRunner runner)
    {
        var nodes = new Command("nodes", "The farm's nodes: membership, health, admin state");

        var list = new Command("list", "Every node of the farm");
        runner.Handle(list, async (ctx, _, ct) =>
        {
            ListNodesResponse response = await ctx.CallAsync(ApiMethods.ListNodes, new ListNodesRequest(), ct);
            ctx.Output.Write(response, () => NodeViews.List(response));
            return ExitCodes.Ok;
        });
        nodes.Subcommands.Add(list);
        nodes.Subcommands.Add(OneNode(runner, "get", "One node (exit 3 when there is no such node)", (ctx, id, ct) => ctx.CallAsync(ApiMethods.GetNode, new GetNodeRequest { NodeId = id }, ct)));
        nodes.Subcommands.Add(OneNode(runner, "drain", "Stop new sessions on a node; existing ones run on (idempotent)", (ctx, id, ct) => ctx.CallAsync(ApiMethods.DrainNode, new DrainNodeRequest { NodeId = id }, ct)));
        nodes.Subcommands.Add(OneNode(runner, "resume", "Accept new sessions on a node again (idempotent)", (ctx, id, ct) => ctx.CallAsync(ApiMethods.ResumeNode, new ResumeNodeRequest { NodeId = id }, ct)));
        return nodes;
    }

    private static Command OneNode(CtlRunner runner, string name, string description, Func<CtlContext, string, CancellationToken, Task<Node>> call)
    {
        var nodeId = new Argument<string>("node-id") { Description = "The node's id" };
        var command = new Command(name, description) { nodeId };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            Node node = await call(ctx, parse.GetRequiredValue(nodeId), ct);
            ctx.Output.Write(node, () => NodeViews.One(node));
            return ExitCodes.Ok;
        });
        return command;
    }
}
