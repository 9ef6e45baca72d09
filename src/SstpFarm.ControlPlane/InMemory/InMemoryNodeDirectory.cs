using SstpFarm.ControlPlane.Nodes;

namespace SstpFarm.ControlPlane.InMemory;

/// <summary>The directory of a single node: it knows only itself.</summary>
public sealed class InMemoryNodeDirectory : INodeDirectory
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeToLive;
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _startedAt;
    private long _lastHeartbeatTimestamp;
    private DateTimeOffset _lastHeartbeatAt;
    private NodeHeartbeat _heartbeat = new(0, 0, string.Empty);
    private NodeAdminState _adminState = NodeAdminState.Active;
    private long _version = 1;

    /// <param name="localNodeId">This node's id.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="timeToLive">Silence after which the node counts as dead; issue 4 asks for ≤ 15 s.</param>
    public InMemoryNodeDirectory(string localNodeId, TimeProvider timeProvider, TimeSpan timeToLive)
    {
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        LocalNodeId = localNodeId;
        _time = timeProvider;
        _timeToLive = timeToLive;
        _startedAt = _lastHeartbeatAt = timeProvider.GetUtcNow();
        _lastHeartbeatTimestamp = timeProvider.GetTimestamp();
    }

    public string LocalNodeId { get; }

    public ValueTask<NodeDirectoryStatus> HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        lock (_gate)
        {
            _heartbeat = heartbeat;
            _lastHeartbeatAt = _time.GetUtcNow();
            _lastHeartbeatTimestamp = _time.GetTimestamp();
            _version++;
            return new(NodeDirectoryStatus.Done);
        }
    }

    public ValueTask<NodeDirectoryStatus> SetAdminStateAsync(string nodeId, NodeAdminState state, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(nodeId, LocalNodeId, StringComparison.Ordinal))
        {
            return new(NodeDirectoryStatus.NotFound);
        }

        lock (_gate)
        {
            _adminState = state;
            _version++;
            return new(NodeDirectoryStatus.Done);
        }
    }

    public ValueTask<NodeInfo?> GetAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        if (!string.Equals(nodeId, LocalNodeId, StringComparison.Ordinal))
        {
            return new((NodeInfo?)null);
        }

        lock (_gate)
        {
            return new(Describe());
        }
    }

    public ValueTask<NodeDirectorySnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(new NodeDirectorySnapshot(_version, [Describe()]));
        }
    }

    private NodeInfo Describe()
    {
        NodeHealth health = _time.GetElapsedTime(_lastHeartbeatTimestamp) <= _timeToLive ? NodeHealth.Alive : NodeHealth.Dead;
        return new NodeInfo(LocalNodeId, _adminState, health, _startedAt, _lastHeartbeatAt, _heartbeat.SessionCount, _heartbeat.Load, _heartbeat.Version);
    }
}
