namespace SstpFarm.DataPlane.Forwarding;

/// <summary>
/// Packet counters of the forwarding layer, by direction and drop reason. Each writer thread
/// increments its own cache-line-padded stripe (no shared line bouncing between TUN readers);
/// reads sum the stripes. Plain counters for now; the metrics layer reads them later.
/// </summary>
public sealed class ForwardingCounters
{
    private const int SlotFromTun = 0;
    private const int SlotToTun = 1;
    private const int FirstReasonSlot = 2;

    // 16 longs = 128 bytes per stripe: enough slots for every reason and two cache lines apart.
    private const int StripeLength = 16;
    private const int StripeCount = 16;

    private readonly long[] _slots = new long[StripeLength * StripeCount];

    /// <summary>Packets read from the TUN device and handed to a session.</summary>
    public long ForwardedFromTun => Sum(SlotFromTun);

    /// <summary>Packets from sessions written into the TUN device.</summary>
    public long ForwardedToTun => Sum(SlotToTun);

    /// <summary>Packets dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DropReason reason) => reason == DropReason.None ? 0 : Sum(FirstReasonSlot + (int)reason - 1);

    internal void CountFromTun() => Increment(SlotFromTun);

    internal void CountToTun() => Increment(SlotToTun);

    internal void CountDrop(DropReason reason) => Increment(FirstReasonSlot + (int)reason - 1);

    private void Increment(int slot) =>
        Interlocked.Increment(ref _slots[((Environment.CurrentManagedThreadId & (StripeCount - 1)) * StripeLength) + slot]);

    private long Sum(int slot)
    {
        long total = 0;
        for (int stripe = 0; stripe < StripeCount; stripe++)
        {
            total += Volatile.Read(ref _slots[(stripe * StripeLength) + slot]);
        }

        return total;
    }
}
