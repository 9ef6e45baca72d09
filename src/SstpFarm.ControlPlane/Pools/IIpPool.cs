using System.Net;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>
/// One IPv4 address pool (one object per pool, like a grain). Guarantees, whatever the
/// implementation: an address is never leased to two sessions at once; a user's static address
/// wins over everything else; a user gets their previous address back while nobody else took it
/// (sticky); an address released by one user is not given to a different user before the pool's
/// cooldown has passed. Outcomes are reported in the result, not thrown: a network store behind
/// the interface may also answer <see cref="IpAllocationStatus.Unavailable"/>.
/// </summary>
public interface IIpPool
{
    /// <summary>The pool's name (its key in a shared store).</summary>
    string Name { get; }

    /// <summary>Leases an address to a session. Idempotent per session id: asking again returns the same lease.</summary>
    ValueTask<IpAllocationResult> AllocateAsync(IpAllocationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends the session's lease; the address enters the cooldown.</summary>
    ValueTask<IpReleaseResult> ReleaseAsync(string sessionId, CancellationToken cancellationToken = default);

    ValueTask<IpLease?> FindLeaseAsync(IPAddress address, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<IpLease>> GetLeasesAsync(CancellationToken cancellationToken = default);

    ValueTask<IpPoolUsage> GetUsageAsync(CancellationToken cancellationToken = default);
}
