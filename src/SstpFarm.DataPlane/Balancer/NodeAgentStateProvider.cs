using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.Nodes;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// The agent's answer for this node: the admin state of <see cref="INodeDirectory.LocalNodeId"/> in the
/// directory (drain from anywhere in the farm reaches HAProxy through here), the node's load as weight,
/// and an optional local override (e.g. drain while shutting down).
/// </summary>
/// <remarks>
/// A slow or absent directory never stalls a check: one read at a time is in flight, a check waits for
/// it at most <see cref="NodeAgentStateOptions.DirectoryTimeout"/>, and otherwise the last known state
/// is used (Active before the first successful read — a node that cannot reach Redis still serves).
/// </remarks>
public sealed class NodeAgentStateProvider : IAgentCheckStateProvider
{
    private readonly INodeDirectory _directory;
    private readonly Func<NodeLoad> _load;
    private readonly NodeAgentStateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private NodeAdminState _adminState = NodeAdminState.Active;
    private long _adminStateReadAt;
    private bool _haveAdminState;
    private bool _directoryFailing;
    private Task? _refresh;
    private AgentCheckState? _override;

    /// <param name="directory">The node directory; its local node's admin state is followed.</param>
    /// <param name="load">Current load; called on every check, so it must be cheap (read counters).</param>
    /// <param name="options">Tuning.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Logger.</param>
    public NodeAgentStateProvider(INodeDirectory directory, Func<NodeLoad> load, NodeAgentStateOptions options, TimeProvider timeProvider, ILogger<NodeAgentStateProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = directory;
        _load = load;
        _options = options;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// A state that wins over the directory while set (null: follow the directory). Set
    /// <see cref="AgentCheckState.Drain"/> when the node starts shutting down.
    /// </summary>
    public AgentCheckState? LocalOverride
    {
        get
        {
            lock (_gate)
            {
                return _override;
            }
        }

        set
        {
            lock (_gate)
            {
                _override = value;
            }
        }
    }

    public async ValueTask<AgentCheckReply> GetReplyAsync(CancellationToken cancellationToken)
    {
        NodeAdminState adminState = await GetAdminStateAsync(cancellationToken).ConfigureAwait(false);
        AgentCheckReply reply = AgentCheckReply.For(adminState, _load());
        AgentCheckState? local = LocalOverride;
        return local is { } state ? reply with { State = state } : reply;
    }

    private async ValueTask<NodeAdminState> GetAdminStateAsync(CancellationToken cancellationToken)
    {
        Task refresh;
        lock (_gate)
        {
            if (_haveAdminState && _time.GetElapsedTime(_adminStateReadAt) < _options.AdminStateMaxAge)
            {
                return _adminState;
            }

            // One read in flight, shared by every check that arrives meanwhile.
            _refresh ??= RefreshAsync();
            refresh = _refresh;
        }

        try
        {
            await refresh.WaitAsync(_options.DirectoryTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Answer from what we know; the read goes on and serves a later check.
        }

        lock (_gate)
        {
            return _adminState;
        }
    }

    private async Task RefreshAsync()
    {
        await Task.Yield();
        try
        {
            NodeInfo? info = await _directory.GetAsync(_directory.LocalNodeId, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                if (info is not null)
                {
                    _adminState = info.AdminState;
                }

                _haveAdminState = true;
                _adminStateReadAt = _time.GetTimestamp();
            }

            if (_directoryFailing)
            {
                _directoryFailing = false;
                BalancerLog.AgentDirectoryRecovered(_logger, _directory.LocalNodeId);
            }
        }
#pragma warning disable CA1031 // Any directory failure (Redis down, timeouts) means "use the last known state".
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!_directoryFailing)
            {
                _directoryFailing = true;
                BalancerLog.AgentDirectoryFailed(_logger, _directory.LocalNodeId, e);
            }
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }
}
