namespace SstpFarm.DataPlane.Node;

/// <summary>The node's one notion of time: monotonic milliseconds for the state machines, wall time for HTTP dates.</summary>
internal sealed class MonotonicClock
{
    private readonly TimeProvider _time;
    private readonly long _origin;

    public MonotonicClock(TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
    }

    /// <summary>Milliseconds since the node was created; never goes back.</summary>
    public long NowMs => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;

    public DateTimeOffset UtcNow => _time.GetUtcNow();
}
