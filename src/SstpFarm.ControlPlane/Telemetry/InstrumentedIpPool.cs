using System.Net;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>An <see cref="IIpPool"/> whose calls are counted and timed (<c>pool.*</c>); usage reads feed the pool gauge.</summary>
internal sealed class InstrumentedIpPool(IIpPool inner, ControlPlaneMetrics metrics) : IIpPool
{
    public string Name => inner.Name;

    public ValueTask<IpAllocationResult> AllocateAsync(IpAllocationRequest request, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("pool.allocate", () => inner.AllocateAsync(request, cancellationToken), r => r.Status == IpAllocationStatus.Unavailable);

    public ValueTask<IpReleaseResult> ReleaseAsync(string sessionId, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("pool.release", () => inner.ReleaseAsync(sessionId, cancellationToken), r => r.Status == IpReleaseStatus.Unavailable);

    public ValueTask<IpLease?> FindLeaseAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("pool.find_lease", () => inner.FindLeaseAsync(address, cancellationToken), _ => false);

    public ValueTask<IReadOnlyList<IpLease>> GetLeasesAsync(CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("pool.leases", () => inner.GetLeasesAsync(cancellationToken), _ => false);

    public async ValueTask<IpPoolUsage> GetUsageAsync(CancellationToken cancellationToken = default)
    {
        IpPoolUsage usage = await metrics.MeasureAsync("pool.usage", () => inner.GetUsageAsync(cancellationToken), _ => false).ConfigureAwait(false);
        metrics.SetPoolUsage(inner.Name, usage);
        return usage;
    }
}
