namespace SstpFarm.DataPlane.Sessions;

/// <summary>
/// Node-wide session counters: the one source of truth the data plane's observable instruments read
/// (<see cref="Telemetry.NodeMetrics"/>); increments are plain interlocked adds, nothing per packet allocates.
/// </summary>
public sealed class SessionCounters
{
    private long _started;
    private long _connected;
    private long _closed;
    private long _droppedOversize;
    private long _droppedNotOpen;
    private long _droppedInvalidFrame;
    private long _droppedQueueFull;
    private readonly long[] _closedByReason = new long[256];
    private readonly Lock _bytesGate = new();
    private long _closedBytesIn;
    private long _closedBytesOut;

    /// <summary>Sessions that passed the HTTP handshake.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Sessions that reached the network phase (an address routed).</summary>
    public long Connected => Interlocked.Read(ref _connected);

    public long Closed => Interlocked.Read(ref _closed);

    /// <summary>TUN → client: larger than the peer's MRU.</summary>
    public long DroppedOversize => Interlocked.Read(ref _droppedOversize);

    /// <summary>Either way: the NCP for the packet's protocol was not open (or the session was closing).</summary>
    public long DroppedNotOpen => Interlocked.Read(ref _droppedNotOpen);

    /// <summary>Client → TUN: a data packet whose PPP frame could not be decoded.</summary>
    public long DroppedInvalidFrame => Interlocked.Read(ref _droppedInvalidFrame);

    /// <summary>TUN → client: the session's queue was full (also counted by the forwarder as QueueFull).</summary>
    public long DroppedQueueFull => Interlocked.Read(ref _droppedQueueFull);

    /// <summary>Sessions and refused handshakes that ended for <paramref name="reason"/>.</summary>
    public long ClosedWith(ConnectionCloseReason reason) => Interlocked.Read(ref _closedByReason[Slot(reason)]);

    internal void CountStarted() => Interlocked.Increment(ref _started);

    internal void CountConnected() => Interlocked.Increment(ref _connected);

    internal void CountClosed(ConnectionCloseReason reason)
    {
        Interlocked.Increment(ref _closed);
        CountReason(reason);
    }

    internal void CountReason(ConnectionCloseReason reason) => Interlocked.Increment(ref _closedByReason[Slot(reason)]);

    internal void CountOversize() => Interlocked.Increment(ref _droppedOversize);

    internal void CountNotOpen() => Interlocked.Increment(ref _droppedNotOpen);

    internal void CountInvalidFrame() => Interlocked.Increment(ref _droppedInvalidFrame);

    internal void CountQueueFull() => Interlocked.Increment(ref _droppedQueueFull);

    /// <summary>
    /// Tunnel bytes of every session so far: those that ended plus <paramref name="liveBytes"/> (the running
    /// ones that were not yet added). Under the same lock as <see cref="AddClosedSessionBytes"/>, so a session
    /// is never counted twice or missed while it ends, and the totals never go down.
    /// </summary>
    public (long Received, long Transmitted) ReadBytes(Func<(long Received, long Transmitted)> liveBytes)
    {
        ArgumentNullException.ThrowIfNull(liveBytes);
        lock (_bytesGate)
        {
            (long received, long transmitted) = liveBytes();
            return (_closedBytesIn + received, _closedBytesOut + transmitted);
        }
    }

    /// <summary>A session ended: its bytes move into the totals and <paramref name="markAdded"/> takes it out of the live sum.</summary>
    internal void AddClosedSessionBytes(long bytesIn, long bytesOut, Action markAdded)
    {
        lock (_bytesGate)
        {
            _closedBytesIn += bytesIn;
            _closedBytesOut += bytesOut;
            markAdded();
        }
    }

    private static int Slot(ConnectionCloseReason reason) => Math.Clamp((int)reason, 0, 255);
}
