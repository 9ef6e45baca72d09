using System.Collections.Concurrent;
using SstpFarm.DataPlane.Forwarding;

namespace SstpFarm.DataPlane.Tests.Forwarding;

/// <summary>A session stand-in with a bounded queue that never drains: keeps copies of what it got.</summary>
internal sealed class RecordingEndpoint(int capacity = 1024) : IForwardingEndpoint
{
    private readonly ConcurrentQueue<byte[]> _received = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyCollection<byte[]> Received => _received;

    public bool TryEnqueueFromTun(TunPacket packet)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        // The headroom is there for the SSTP + PPP headers.
        Assert.Equal(packet.Length + TunPacket.Headroom, packet.WithHeader(TunPacket.Headroom).Length);
        _received.Enqueue(packet.Packet.ToArray());
        packet.Return();
        return true;
    }
}
