using SstpFarm.ControlPlane.Redis.TicketKeys;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.Host.Farm;

/// <summary>
/// The farm's ring as the ticket-key pusher must see it: read from Redis every time, never the last good
/// copy (it could be older than what another node pushed) nor the node-local ring served before Redis was
/// ever reached. Unreadable: <see cref="GetKeysAsync"/> throws, and the pusher sends nothing this round.
/// </summary>
internal sealed class SharedTicketKeyRing(RedisTicketKeyRing ring) : ITicketKeyRing
{
    public async ValueTask<TicketKeySet> GetKeysAsync(CancellationToken cancellationToken = default) =>
        await ring.TryGetSharedKeysAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("the farm's ticket-key ring cannot be read from Redis");

    public ValueTask<TicketKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default) => ring.RotateAsync(cancellationToken);

    public ValueTask<TicketKeyRotationResult> RotateIfDueAsync(CancellationToken cancellationToken = default) => ring.RotateIfDueAsync(cancellationToken);
}
