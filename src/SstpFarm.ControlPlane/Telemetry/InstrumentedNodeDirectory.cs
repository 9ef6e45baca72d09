using SstpFarm.ControlPlane.Nodes;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>An <see cref="INodeDirectory"/> whose calls are counted and timed (<c>directory.*</c>); snapshots feed the cluster gauge.</summary>
internal sealed class InstrumentedNodeDirectory(INodeDirectory inner, ControlPlaneMetrics metrics) : INodeDirectory
{
    public string LocalNodeId => inner.LocalNodeId;

    public ValueTask<NodeDirectoryStatus> HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("directory.heartbeat", () => inner.HeartbeatAsync(heartbeat, cancellationToken), s => s == NodeDirectoryStatus.Unavailable);

    public ValueTask<NodeDirectoryStatus> SetAdminStateAsync(string nodeId, NodeAdminState state, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("directory.set_admin_state", () => inner.SetAdminStateAsync(nodeId, state, cancellationToken), s => s == NodeDirectoryStatus.Unavailable);

    public ValueTask<NodeInfo?> GetAsync(string nodeId, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("directory.read", () => inner.GetAsync(nodeId, cancellationToken), _ => false);

    public async ValueTask<NodeDirectorySnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        NodeDirectorySnapshot snapshot = await metrics.MeasureAsync("directory.read", () => inner.GetSnapshotAsync(cancellationToken), _ => false).ConfigureAwait(false);
        metrics.SetNodes(snapshot);
        return snapshot;
    }
}
