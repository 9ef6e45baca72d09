using SstpFarm.Api.Grpc;
using SstpFarm.Api.V1;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Nodes;

namespace SstpFarm.Api.Services;

/// <summary>
/// sstpfarm.v1.NodeService over the node directory. Drain and resume set the admin state in the
/// directory (what every node and the API read at once) and queue a command for the node itself,
/// which stops or resumes accepting sessions and tells HAProxy through its agent.
/// </summary>
public sealed class NodeService(IControlPlane controlPlane, TimeProvider time) : IGrpcService
{
    public const string ServiceName = "sstpfarm.v1.NodeService";

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(NodesReflection.Descriptor);
        methods.AddUnary<ListNodesRequest, ListNodesResponse>(ServiceName, "ListNodes", ApiAccess.Read, ListNodesRequest.Parser, ListNodesAsync);
        methods.AddUnary<GetNodeRequest, V1.Node>(ServiceName, "GetNode", ApiAccess.Read, GetNodeRequest.Parser, (r, c) => GetAsync(r.NodeId, c.CancellationToken));
        methods.AddUnary<DrainNodeRequest, V1.Node>(ServiceName, "DrainNode", ApiAccess.Admin, DrainNodeRequest.Parser,
            (r, c) => SetAdminStateAsync(r.NodeId, ControlPlane.Nodes.NodeAdminState.Draining, NodeCommandKind.Drain, c.CancellationToken));
        methods.AddUnary<ResumeNodeRequest, V1.Node>(ServiceName, "ResumeNode", ApiAccess.Admin, ResumeNodeRequest.Parser,
            (r, c) => SetAdminStateAsync(r.NodeId, ControlPlane.Nodes.NodeAdminState.Active, NodeCommandKind.Activate, c.CancellationToken));
    }

    private async ValueTask<ListNodesResponse> ListNodesAsync(ListNodesRequest request, GrpcCallContext context)
    {
        NodeDirectorySnapshot snapshot = await controlPlane.Nodes.GetSnapshotAsync(context.CancellationToken);
        var response = new ListNodesResponse { DirectoryVersion = snapshot.Version };
        response.Nodes.AddRange(snapshot.Nodes.OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(ApiConvert.ToMessage));
        return response;
    }

    private async ValueTask<V1.Node> GetAsync(string nodeId, CancellationToken cancellationToken)
    {
        ApiErrors.Required(nodeId, "node_id");
        NodeInfo node = await controlPlane.Nodes.GetAsync(nodeId, cancellationToken) ?? throw ApiErrors.NotFound($"no node '{nodeId}'");
        return ApiConvert.ToMessage(node);
    }

    private async ValueTask<V1.Node> SetAdminStateAsync(string nodeId, ControlPlane.Nodes.NodeAdminState state, NodeCommandKind command, CancellationToken cancellationToken)
    {
        _ = await GetAsync(nodeId, cancellationToken);
        switch (await controlPlane.Nodes.SetAdminStateAsync(nodeId, state, cancellationToken))
        {
            case NodeDirectoryStatus.NotFound:
                throw ApiErrors.NotFound($"no node '{nodeId}'");
            case NodeDirectoryStatus.Unavailable:
                throw ApiErrors.Unavailable($"admin state of {nodeId}");
        }

        await NodeCommandSender.SendAsync(controlPlane, command, nodeId, time, cancellationToken);
        return await GetAsync(nodeId, cancellationToken);
    }
}
