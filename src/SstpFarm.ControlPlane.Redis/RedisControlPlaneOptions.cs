using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;

namespace SstpFarm.ControlPlane.Redis;

/// <summary>Everything the farm control plane needs besides the pool definition.</summary>
public sealed record RedisControlPlaneOptions
{
    public required RedisConnectionOptions Connection { get; init; }

    public RedisIpPoolOptions Pool { get; init; } = new();

    /// <summary>
    /// Tuning default of <see cref="NodeTimeToLive"/>: issue 4 asks for dead within 15 s; 6 s (three
    /// heartbeats of 2 s) lets a killed node's users take their addresses back while they reconnect.
    /// </summary>
    public static readonly TimeSpan DefaultNodeTimeToLive = TimeSpan.FromSeconds(6);

    /// <summary>Silence after which a node is dead (issue 4: ≤ 15 s); nodes heartbeat at a third of it.</summary>
    public TimeSpan NodeTimeToLive { get; init; } = DefaultNodeTimeToLive;

    /// <summary>Tuning default, as in the single-node ring: a ticket resumes for about two intervals.</summary>
    public TimeSpan TicketKeyRotation { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Tuning default: how often maintenance runs (pool fencing, reaping, command reconciliation, ring rotation).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(2);
}
