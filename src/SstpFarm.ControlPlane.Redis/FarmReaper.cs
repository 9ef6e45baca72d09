using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Nodes;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Sessions;

namespace SstpFarm.ControlPlane.Redis;

/// <summary>
/// Cleans up after dead nodes, from any live node (every step is idempotent): a node dead for the
/// node TTL loses its registry sessions; a node silent for <see cref="RedisIpPoolOptions.ReclaimAfter"/>
/// with no session left loses its blocks, and its leases are parked for their users. Nothing is
/// reaped by a node whose own Redis connection has not been stable for a TTL: after an outage
/// every live node must first have had the time to heartbeat again.
/// </summary>
public sealed class FarmReaper(RedisConnection redis, RedisNodeDirectory nodes, RedisSessionRegistry sessions, RedisIpPool pool, RedisIpPoolOptions options, TimeProvider timeProvider)
{
    /// <summary>One pass; returns the nodes whose blocks were reclaimed.</summary>
    public async ValueTask<IReadOnlyList<string>> RunAsync()
    {
        if (redis.StableFor < nodes.TimeToLive)
        {
            return [];
        }

        NodeDirectorySnapshot snapshot = await nodes.GetSnapshotAsync();
        if (snapshot.Version < 0)
        {
            return [];
        }

        foreach (NodeInfo node in snapshot.Nodes)
        {
            if (node.Health == NodeHealth.Dead && node.NodeId != nodes.LocalNodeId)
            {
                await sessions.RemoveNodeAsync(node.NodeId);
            }
        }

        IReadOnlyList<string>? owners = await pool.GetOwnersAsync();
        List<string> reclaimed = [];
        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach (string owner in owners ?? [])
        {
            if (owner == nodes.LocalNodeId)
            {
                continue;
            }

            NodeInfo? info = snapshot.Nodes.FirstOrDefault(n => n.NodeId == owner);
            TimeSpan silent = info is null ? redis.StableFor : now - info.LastHeartbeatAt;
            if (silent < options.ReclaimAfter || (info is not null && info.Health == NodeHealth.Alive))
            {
                continue;
            }

            await sessions.RemoveNodeAsync(owner);
            if ((await sessions.FindByNodeAsync(owner)).Count == 0 && await pool.ReclaimNodeAsync(owner) is not null)
            {
                reclaimed.Add(owner);
            }
        }

        return reclaimed;
    }
}
