namespace SstpFarm.ControlPlane.Pools;

/// <summary>What happened to an allocation request.</summary>
public enum IpAllocationStatus
{
    Allocated,

    /// <summary>Every usable address is leased.</summary>
    Exhausted,

    /// <summary>Free addresses exist, but all were released by other users within the cooldown.</summary>
    CoolingDown,

    /// <summary>The requested static address is leased to another session.</summary>
    StaticAddressInUse,

    /// <summary>The requested static address lies outside every network of the pool.</summary>
    StaticAddressOutsidePool,

    /// <summary>The requested static address is a network, broadcast or server address.</summary>
    StaticAddressReserved,

    /// <summary>The store behind the pool could not be reached (never returned by the in-memory pool).</summary>
    Unavailable,
}

/// <summary>How the address of a lease was chosen.</summary>
public enum IpLeaseKind
{
    Dynamic,
    Sticky,
    Static,
}
