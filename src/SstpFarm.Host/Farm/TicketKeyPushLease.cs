using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Host.Farm;

/// <summary>The pusher writes only while this node holds (takes or renews) the farm's push lease.</summary>
internal sealed class TicketKeyPushLease(RedisLease lease) : ITicketKeyPushGate
{
    public async ValueTask<bool> MayPushAsync(CancellationToken cancellationToken) =>
        (await lease.TryHoldAsync().ConfigureAwait(false)) is { Available: true, Value: true };
}
