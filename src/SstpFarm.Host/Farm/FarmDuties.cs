using System.Reflection;
using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Redis;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.DataPlane.Balancer;
using SstpFarm.DataPlane.Node;

namespace SstpFarm.Host.Farm;

/// <summary>
/// What a node does for the farm besides serving sessions: heartbeats with its load, the HAProxy
/// agent, the commands addressed to it (disconnect a session or a user, drain, activate), and ending
/// sessions whose leases the control plane revoked. Works the same over the in-memory control plane
/// (a single node with an agent) and over Redis.
/// </summary>
internal sealed class FarmDuties : IAsyncDisposable
{
    /// <summary>A third of the in-memory directory's 15 s time-to-live; over Redis a third of its TTL (docs/farm.md): two beats may be lost.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>Tuning: the registry is re-asserted from this node's truth this often, besides after an outage or a revival.</summary>
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(30);

    private static readonly string Version = typeof(FarmDuties).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    private readonly IControlPlane _controlPlane;
    private readonly SstpNode _node;
    private readonly int _maxSessions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly NodeAgentStateProvider? _agentState;
    private readonly AgentCheckServer? _agent;
    private readonly TimeSpan _heartbeatInterval;
    private Task _heartbeats = Task.CompletedTask;
    private Task _commands = Task.CompletedTask;
    private int _reconcileNeeded;
    private bool _adminDraining;
    private bool _shuttingDown;
    private bool _offline;

    private FarmDuties(IControlPlane controlPlane, SstpNode node, System.Net.IPEndPoint? agent, int maxSessions, TimeProvider time, ILoggerFactory loggers)
    {
        _controlPlane = controlPlane;
        _node = node;
        _maxSessions = maxSessions;
        _time = time;
        _logger = loggers.CreateLogger("SstpFarm.Host.Farm");
        _heartbeatInterval = controlPlane is RedisControlPlane redis ? redis.FarmNodes.TimeToLive / 3 : HeartbeatInterval;
        if (agent is not null)
        {
            _agentState = new NodeAgentStateProvider(controlPlane.Nodes, () => new NodeLoad(node.SessionCount, maxSessions), new NodeAgentStateOptions(), time, loggers.CreateLogger<NodeAgentStateProvider>());
            _agent = new AgentCheckServer(new AgentCheckServerOptions { EndPoint = agent }, _agentState, time, loggers.CreateLogger<AgentCheckServer>());
        }
    }

    /// <summary>Where the agent answers; null without one.</summary>
    public System.Net.IPEndPoint? AgentEndPoint => _agent?.LocalEndPoint;

    /// <summary>Starts every duty (the agent binds now: throws <see cref="System.Net.Sockets.SocketException"/> when its address is taken).</summary>
    public static FarmDuties Start(IControlPlane controlPlane, SstpNode node, System.Net.IPEndPoint? agent, int maxSessions, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(loggers);
        var duties = new FarmDuties(controlPlane, node, agent, maxSessions, time, loggers);
        duties._agent?.Start();
        if (controlPlane is RedisControlPlane farm)
        {
            farm.FarmPool.LeasesRevoked += duties.OnLeasesRevoked;
            farm.FarmNodes.Revived += duties.OnRevived;
            farm.Connection.Reconnected += duties.OnRevived;
        }

        duties._heartbeats = duties.HeartbeatLoopAsync(duties._stopping.Token);
        duties._commands = duties.CommandLoopAsync(duties._stopping.Token);
        return duties;
    }

    /// <summary>Graceful stop, first step: the agent says drain and the node refuses new sessions.</summary>
    public void BeginShutdown()
    {
        _shuttingDown = true;
        ApplyDrain();
    }

    /// <summary>Whether a graceful stop should give HAProxy time to see the drain (only with an agent).</summary>
    public bool HasAgent => _agent is not null;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_controlPlane is RedisControlPlane farm)
        {
            farm.FarmPool.LeasesRevoked -= OnLeasesRevoked;
            farm.FarmNodes.Revived -= OnRevived;
            farm.Connection.Reconnected -= OnRevived;
        }

#pragma warning disable VSTHRD003 // our own loops, started in Start
        await Task.WhenAll(_heartbeats, _commands).ConfigureAwait(false);
#pragma warning restore VSTHRD003
        if (_agent is not null)
        {
            await _agent.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>Carries out one command; returns how many sessions it touched.</summary>
    internal async Task<int> ExecuteAsync(NodeCommand command, CancellationToken cancellationToken)
    {
        switch (command.Kind)
        {
            case NodeCommandKind.DisconnectSession when command.SessionId is not null:
                return _node.DisconnectSession(command.SessionId) ? 1 : 0;
            case NodeCommandKind.DisconnectUser when command.UserName is not null:
                return _node.DisconnectUser(command.UserName);
            case NodeCommandKind.Drain:
                await SetAdminStateAsync(NodeAdminState.Draining, cancellationToken).ConfigureAwait(false);
                return 0;
            case NodeCommandKind.Activate:
                await SetAdminStateAsync(NodeAdminState.Active, cancellationToken).ConfigureAwait(false);
                return 0;
            default:
                return 0;
        }
    }

    private async Task SetAdminStateAsync(NodeAdminState state, CancellationToken cancellationToken)
    {
        // The directory is what other nodes and the agent read; the override holds while it cannot be written.
        _adminDraining = state == NodeAdminState.Draining;
        ApplyDrain();
        await _controlPlane.Nodes.SetAdminStateAsync(_controlPlane.Nodes.LocalNodeId, state, cancellationToken).ConfigureAwait(false);
    }

    private async Task CommandLoopAsync(CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await foreach (NodeCommand command in _controlPlane.Commands.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    int affected = await ExecuteAsync(command, stopping).ConfigureAwait(false);
                    FarmLog.Command(_logger, command.CommandId, command.Kind, command.SessionId, command.UserName, affected);
                    await _controlPlane.Commands.AcknowledgeAsync(command.CommandId, stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    FarmLog.DutyFault(_logger, "command", e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        await Task.Yield();
        string? lastProblem = null;
        long lastReconcile = _time.GetTimestamp();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                int sessions = _node.SessionCount;
                NodeDirectoryStatus status;
                try
                {
                    status = await _controlPlane.Nodes.HeartbeatAsync(new NodeHeartbeat(sessions, Math.Clamp((double)sessions / _maxSessions, 0, 1), Version), stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    FarmLog.DutyFault(_logger, "heartbeat", e);
                    status = NodeDirectoryStatus.Unavailable;
                }

                string? problem = status == NodeDirectoryStatus.Done ? null : status.ToString();
                if (problem is not null && problem != lastProblem)
                {
                    FarmLog.HeartbeatFailed(_logger, problem);
                }

                if (problem is not null)
                {
                    Volatile.Write(ref _reconcileNeeded, 1); // registry writes were lost meanwhile
                }
                else if (Interlocked.Exchange(ref _reconcileNeeded, 0) == 1 || _time.GetElapsedTime(lastReconcile) >= ReconcileInterval)
                {
                    lastReconcile = _time.GetTimestamp();
                    await ReconcileRegistryAsync(stopping).ConfigureAwait(false);
                }

                lastProblem = problem;
                CheckOffline();
                await Task.Delay(_heartbeatInterval, _time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Cut off from Redis past the pool's offline limit, the node can lease nothing (and has ended
    /// its sessions): the agent says drain and new SSTP requests get 503 until Redis answers again.
    /// </summary>
    private void CheckOffline()
    {
        bool offline = _controlPlane is RedisControlPlane farm && farm.FarmPool.OfflineLimitPassed;
        if (offline != _offline)
        {
            _offline = offline;
            FarmLog.Offline(_logger, offline);
            ApplyDrain();
        }
    }

    /// <summary>Draining while an operator drained the node, it is stopping, or it is cut off from Redis.</summary>
    private void ApplyDrain()
    {
        bool drain = _adminDraining || _shuttingDown || _offline;
        _node.Draining = drain;
        if (_agentState is not null)
        {
            _agentState.LocalOverride = drain ? AgentCheckState.Drain : null;
        }
    }

    /// <summary>Puts this node's sessions back into the farm registry as they are (the node is their truth).</summary>
    private async Task ReconcileRegistryAsync(CancellationToken stopping)
    {
        if (_controlPlane is not RedisControlPlane farm)
        {
            return;
        }

        try
        {
            DateTimeOffset snapshotAt = _time.GetUtcNow();
            var live = _node.GetSessionRecords();
            if (await farm.FarmSessions.ReconcileNodeAsync(_controlPlane.Nodes.LocalNodeId, live, snapshotAt, stopping).ConfigureAwait(false) == ControlPlane.Sessions.SessionRegistryStatus.Unavailable)
            {
                Volatile.Write(ref _reconcileNeeded, 1);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            FarmLog.DutyFault(_logger, "reconcile", e);
        }
    }

    /// <summary>Taken for dead, reconnected, or moved to a new primary (a failover may have lost registry writes): reconcile at the next heartbeat.</summary>
    private void OnRevived(object? sender, EventArgs e) => Volatile.Write(ref _reconcileNeeded, 1);

    private void OnLeasesRevoked(object? sender, LeasesRevokedEventArgs e)
    {
        // docs/farm.md: a fenced block's addresses may be handed out elsewhere; their sessions must end.
        int sessions = 0;
        foreach (string sessionId in e.Leases.Select(l => l.SessionId).Distinct(StringComparer.Ordinal))
        {
            sessions += _node.DisconnectSession(sessionId) ? 1 : 0;
        }

        FarmLog.LeasesRevoked(_logger, e.Leases.Count, sessions);
    }
}
