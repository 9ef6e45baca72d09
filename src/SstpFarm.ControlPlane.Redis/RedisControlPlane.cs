using System.Diagnostics.CodeAnalysis;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Commands;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Nodes;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Sessions;
using SstpFarm.ControlPlane.Redis.TicketKeys;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.Redis;

/// <summary>
/// The farm control plane: the same interfaces as the single-node one, over Redis. The host calls
/// <see cref="INodeDirectory.HeartbeatAsync"/> every TTL/3 and <see cref="Start"/> (or
/// <see cref="MaintainOnceAsync"/> on its own tick); everything else is driven by the data plane.
/// </summary>
public sealed class RedisControlPlane : IControlPlane, IAsyncDisposable
{
    private readonly RedisControlPlaneOptions _options;
    private readonly TimeProvider _time;
    private readonly RedisIpPool _pool;
    private readonly RedisSessionRegistry _sessions;
    private readonly RedisSessionEventFeed _events;
    private readonly RedisNodeDirectory _nodes;
    private readonly RedisTicketKeyRing _ring;
    private readonly RedisNodeCommands _commands;
    private readonly FarmReaper _reaper;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    private RedisControlPlane(RedisConnection connection, RedisControlPlaneOptions options, IpPoolDefinition pool, TimeProvider time)
    {
        Connection = connection;
        _options = options;
        _time = time;
        _pool = new RedisIpPool(connection, pool, options.Pool, time);
        _sessions = new RedisSessionRegistry(connection, time);
        _events = new RedisSessionEventFeed(connection, time);
        _nodes = new RedisNodeDirectory(connection, pool.NodeId, time, options.NodeTimeToLive);
        _ring = new RedisTicketKeyRing(connection, pool.NodeId, time, options.TicketKeyRotation);
        _commands = new RedisNodeCommands(connection, pool.NodeId, time);
        _reaper = new FarmReaper(connection, _nodes, _sessions, _pool, options.Pool, time);
    }

    public RedisConnection Connection { get; }

    /// <summary>The last unexpected error of the maintenance loop (for the host's health report), if any.</summary>
    public Exception? LastMaintenanceError { get; private set; }

    public IIpPool DefaultPool => _pool;

    /// <summary>The pool with its farm-only members (revocation event, maintenance, reclaim).</summary>
    public RedisIpPool FarmPool => _pool;

    public ISessionRegistry Sessions => _sessions;

    public ISessionEventFeed SessionEvents => _events;

    /// <summary>The registry with its farm-only members (reconcile a node's sessions, remove a dead node's).</summary>
    public RedisSessionRegistry FarmSessions => _sessions;

    public INodeDirectory Nodes => _nodes;

    public ITicketKeyRing TicketKeys => _ring;

    public INodeCommands Commands => _commands;

    /// <summary>Connects (an absent Redis is not an error: calls answer Unavailable until it is there).</summary>
    public static async Task<RedisControlPlane> CreateAsync(RedisControlPlaneOptions options, IpPoolDefinition pool, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pool);
        options.Pool.Validate();
        RedisConnection connection = await RedisConnection.ConnectAsync(options.Connection, timeProvider, cancellationToken);
        return new RedisControlPlane(connection, options, pool, timeProvider);
    }

    public bool TryGetPool(string name, [NotNullWhen(true)] out IIpPool? pool)
    {
        pool = string.Equals(name, _pool.Name, StringComparison.Ordinal) ? _pool : null;
        return pool is not null;
    }

    /// <summary>One maintenance pass: pool fencing and replay, command reconciliation, reaping, scheduled ring rotation.</summary>
    public async Task MaintainOnceAsync(CancellationToken cancellationToken = default)
    {
        await _pool.MaintainAsync(cancellationToken);
        await _commands.ReconcileAsync();
        await _reaper.RunAsync();
        await _ring.RotateIfDueAsync(cancellationToken);
    }

    /// <summary>Runs <see cref="MaintainOnceAsync"/> every <see cref="RedisControlPlaneOptions.MaintenanceInterval"/> until disposed.</summary>
    public void Start()
    {
        _loop = LoopAsync(_stopping.Token);
        _ = _events.StartAsync().AsTask(); // never fails: an unreachable Redis is subscribed to when it comes back
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
#pragma warning disable VSTHRD003 // our own loop, started in Start
            await _loop;
#pragma warning restore VSTHRD003
        }
        catch (OperationCanceledException)
        {
        }

        _pool.Dispose();
        _events.Dispose();
        await Connection.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await MaintainOnceAsync(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LastMaintenanceError = e; // a bug (outages are results, not exceptions): keep the loop alive
            }

            await Task.Delay(_options.MaintenanceInterval, _time, stopping);
        }
    }
}
