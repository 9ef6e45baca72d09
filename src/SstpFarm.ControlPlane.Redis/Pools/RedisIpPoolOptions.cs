namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>Tuning of the farm pool. Defaults are ours, not from a spec; docs/farm.md explains how they bound each other.</summary>
public sealed record RedisIpPoolOptions
{
    /// <summary>Size of the blocks nodes claim: /28 = 16 addresses (Calico uses /26; VPN nodes churn less per block).</summary>
    public int BlockPrefixLength { get; init; } = 28;

    /// <summary>
    /// How long a node keeps handing out addresses from blocks it holds without Redis confirming
    /// that it still holds them (Redis down or unreachable). Covers a Redis restart or failover;
    /// must stay below <see cref="ReclaimAfter"/> so that nobody reclaims a block still in use.
    /// </summary>
    public TimeSpan OfflineAllocationLimit { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Silence (no heartbeat) after which another node takes back a node's blocks and turns its
    /// leases into parked addresses, once the registry holds none of its sessions.
    /// </summary>
    public TimeSpan ReclaimAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After Redis lost the pool (no meta record), transfers wait this long so that nodes holding
    /// blocks from before re-assert them first (they do at their next maintenance, every few seconds).
    /// </summary>
    public TimeSpan RecoveryWindow { get; init; } = TimeSpan.FromSeconds(15);

    public void Validate()
    {
        if (BlockPrefixLength is < 16 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockPrefixLength), BlockPrefixLength, "block prefix must be /16../32");
        }

        if (OfflineAllocationLimit >= ReclaimAfter)
        {
            throw new ArgumentException($"OfflineAllocationLimit ({OfflineAllocationLimit}) must be shorter than ReclaimAfter ({ReclaimAfter}): a node still allocating offline would share its block with the reclaimer");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RecoveryWindow, TimeSpan.Zero);
    }
}
