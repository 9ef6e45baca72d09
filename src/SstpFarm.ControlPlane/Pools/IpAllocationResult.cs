namespace SstpFarm.ControlPlane.Pools;

/// <summary>The outcome of <see cref="IIpPool.AllocateAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Lease">The lease when <paramref name="Status"/> is <see cref="IpAllocationStatus.Allocated"/>.</param>
/// <param name="HolderSessionId">For <see cref="IpAllocationStatus.StaticAddressInUse"/>: the session that holds it.</param>
/// <param name="RetryAfter">For <see cref="IpAllocationStatus.CoolingDown"/>: when the first address becomes reusable.</param>
public readonly record struct IpAllocationResult(IpAllocationStatus Status, IpLease? Lease = null, string? HolderSessionId = null, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Status == IpAllocationStatus.Allocated;

    public static IpAllocationResult Allocated(IpLease lease) => new(IpAllocationStatus.Allocated, lease);
}
