namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// Whether a <see cref="TicketKeyPusher"/> may write to HAProxy in this round. A farm lets one node
/// push at a time: `set ssl tls-key` drops the oldest key and appends one, so two pushers that read
/// HAProxy's keys back at the same moment and both push would leave it without the current key.
/// </summary>
public interface ITicketKeyPushGate
{
    /// <summary>Asked at the start of every round; false: this round reads and writes nothing.</summary>
    ValueTask<bool> MayPushAsync(CancellationToken cancellationToken);
}
