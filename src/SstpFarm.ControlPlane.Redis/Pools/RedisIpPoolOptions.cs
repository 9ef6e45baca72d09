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
    /// After Redis lost the pool (no meta record, while some pool key is left or the caller had
    /// seen the pool before), transfers wait this long so that nodes holding blocks from before
    /// re-assert them first (they do at their next maintenance, every few seconds). A first start
    /// (no pool key at all, seen by a node that never knew the pool) does not wait.
    /// </summary>
    public TimeSpan RecoveryWindow { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The node directory's time-to-live (<see cref="RedisControlPlaneOptions.NodeTimeToLive"/> sets
    /// it): a user's address leased on a node whose heartbeat key expired goes back to that user at
    /// once (sticky takeover), unless the lease is younger than this. The farm control plane copies
    /// its own value here.
    /// </summary>
    public TimeSpan NodeTimeToLive { get; init; } = RedisControlPlaneOptions.DefaultNodeTimeToLive;

    /// <summary>
    /// How long an allocation may wait for the node holding the user's previous address to be
    /// declared dead (its heartbeat key to expire) before it hands out another address. A client of
    /// a killed node reconnects before the TTL is over; waiting a TTL (plus a beat's slack) gives it
    /// its address back. The cost: a user's second concurrent session, while the first lives on
    /// another node, waits this long once (the holder's next heartbeat shows it alive). Zero: never wait.
    /// </summary>
    public TimeSpan StickyTakeoverWait { get; init; } = RedisControlPlaneOptions.DefaultNodeTimeToLive + TimeSpan.FromSeconds(1);

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
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NodeTimeToLive, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(StickyTakeoverWait, TimeSpan.Zero);
    }
}
