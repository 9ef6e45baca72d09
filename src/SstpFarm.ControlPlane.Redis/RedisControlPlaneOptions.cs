using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;

namespace SstpFarm.ControlPlane.Redis;

/// <summary>Everything the farm control plane needs besides the pool definition.</summary>
public sealed record RedisControlPlaneOptions
{
    public required RedisConnectionOptions Connection { get; init; }

    public RedisIpPoolOptions Pool { get; init; } = new();

    /// <summary>Silence after which a node is dead (issue 4: ≤ 15 s); nodes heartbeat at a third of it.</summary>
    public TimeSpan NodeTimeToLive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Tuning default, as in the single-node ring: a ticket resumes for about two intervals.</summary>
    public TimeSpan TicketKeyRotation { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Tuning default: how often maintenance runs (pool fencing, reaping, command reconciliation, ring rotation).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(2);
}
