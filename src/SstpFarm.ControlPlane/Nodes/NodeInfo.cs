namespace SstpFarm.ControlPlane.Nodes;

/// <summary>One node as the directory sees it (an immutable snapshot).</summary>
public sealed record NodeInfo(
    string NodeId,
    NodeAdminState AdminState,
    NodeHealth Health,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeatAt,
    int SessionCount,
    double Load,
    string Version);

/// <summary>All nodes at one version of the directory: a reader that saw version N has seen every change up to N.</summary>
public sealed record NodeDirectorySnapshot(long Version, IReadOnlyList<NodeInfo> Nodes);
