namespace SstpFarm.ControlPlane.Nodes;

/// <summary>
/// Cluster membership and health: this node's heartbeats and admin state (active/draining), and
/// the list of nodes. A node whose heartbeats stop for longer than the time-to-live is reported
/// <see cref="NodeHealth.Dead"/>.
/// </summary>
public interface INodeDirectory
{
    /// <summary>The id of the node this directory object speaks for.</summary>
    string LocalNodeId { get; }

    ValueTask<NodeDirectoryStatus> HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken = default);

    /// <summary>Sets any node's admin state (drain it, or make it active again).</summary>
    ValueTask<NodeDirectoryStatus> SetAdminStateAsync(string nodeId, NodeAdminState state, CancellationToken cancellationToken = default);

    ValueTask<NodeInfo?> GetAsync(string nodeId, CancellationToken cancellationToken = default);

    ValueTask<NodeDirectorySnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a directory write did.</summary>
public enum NodeDirectoryStatus
{
    Done,
    NotFound,
    Unavailable,
}
