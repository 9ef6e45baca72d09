namespace SstpFarm.DataPlane.Forwarding;

/// <summary>
/// Where the forwarding table delivers packets read from the TUN device: a session. Implemented by
/// the session; called on TUN reader threads.
/// </summary>
public interface IForwardingEndpoint
{
    /// <summary>
    /// Offers a packet for the client. Must neither block nor throw: put it in the session's bounded queue and
    /// return true (the session now owns <paramref name="packet"/> and must
    /// <see cref="TunPacket.Return"/> it), or return false when the queue is full (the caller keeps
    /// the buffer and counts a <see cref="DropReason.QueueFull"/> drop).
    /// </summary>
    bool TryEnqueueFromTun(TunPacket packet);
}
