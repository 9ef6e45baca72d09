using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>
/// Leases this node must stop using: its block was taken back while it could not reach Redis (it
/// was presumed dead), Redis shows the address held by another session (taken over while the node
/// looked dead), or Redis has been unreachable for the offline limit. The data plane ends
/// these sessions; until then the address may be in use twice.
/// </summary>
public sealed class LeasesRevokedEventArgs(IReadOnlyList<IpLease> leases) : EventArgs
{
    public IReadOnlyList<IpLease> Leases { get; } = leases;
}
