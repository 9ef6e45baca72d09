using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Redis;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.DataPlane.Balancer;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Farm;

/// <summary>
/// Starts the push of the farm's TLS ticket keys to the TLS-terminating HAProxies (`haproxy-runtime`).
/// Every configured node runs a <see cref="TicketKeyPusher"/>, but only the holder of the push lease in
/// Redis writes (docs/farm.md): it pushes the ring's keys at once, within a second of every rotation,
/// and reads them back every 30 s so that a restarted HAProxy gets them again.
/// </summary>
internal static class FarmTicketKeyPush
{
    /// <summary>
    /// Tuning default: the holder renews every second (each round); a dead holder is replaced after this.
    /// Longer than the slowest round (a read, three pushes and a read-back at 2 s each) so that the
    /// lease cannot pass to another node while a round is still writing.
    /// </summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>The running pusher, or null when nothing is to be pushed (no haproxy-runtime, or no farm).</summary>
    public static TicketKeyPusher? Start(IControlPlane controlPlane, FarmOptions farm, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(farm);
        ArgumentNullException.ThrowIfNull(loggers);
        if (farm.HaproxyRuntime.Count == 0 || controlPlane is not RedisControlPlane redis)
        {
            return null;
        }

        var lease = new RedisLease(redis.Connection, redis.Connection.Keys.TicketPushLease, controlPlane.Nodes.LocalNodeId, LeaseDuration);
        var pusher = new TicketKeyPusher(
            new SharedTicketKeyRing(redis.FarmTicketKeys),
            farm.HaproxyRuntime.Select(runtime => new HaproxyTicketKeyTarget(runtime, farm.HaproxyTlsKeys)),
            new TicketKeyPusherOptions(),
            time,
            loggers.CreateLogger<TicketKeyPusher>(),
            new TicketKeyPushLease(lease));
        pusher.Start();
        return pusher;
    }
}
