namespace SstpFarm.ControlPlane.Pools;

public enum IpReleaseStatus
{
    Released,

    /// <summary>The session holds no lease (never had one, or released already).</summary>
    NotFound,

    Unavailable,
}

/// <summary>The outcome of <see cref="IIpPool.ReleaseAsync"/>, with the lease that ended.</summary>
public readonly record struct IpReleaseResult(IpReleaseStatus Status, IpLease? Lease = null);
