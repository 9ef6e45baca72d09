namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>How a test farm runs its Redis.</summary>
internal enum FarmRedis
{
    /// <summary>One redis-server without persistence.</summary>
    Plain,

    /// <summary>One redis-server with AOF (fsync always): survives kill -9 and restart.</summary>
    Persistent,

    /// <summary>A primary and a replica (AOF) and one sentinel, on node1's root-end address so that every node reaches them.</summary>
    Sentinel,
}
