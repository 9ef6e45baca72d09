namespace SstpFarm.ControlPlane.Redis.Sessions;

/// <summary>
/// Puts numbered messages back in order. The multiplexer runs pub/sub handlers concurrently
/// (PreserveAsyncOrder is off), so a session's Started could otherwise overtake its Ended. A
/// message ahead of a gap waits up to the gap timeout for the missing ones (pub/sub
/// may really have lost them, e.g. across a reconnection), then the gap is skipped. A message older
/// than what was already delivered is dropped (<see cref="Late"/>), unless it is far older: then
/// the counter was reset (Redis lost its data) and delivery starts over from it.
/// </summary>
internal sealed class EventSequencer<T> : IDisposable
{
    /// <summary>Messages further behind than this mean the counter started over.</summary>
    private const long ResetDistance = 10_000;

    /// <summary>More waiting messages than this: stop waiting for the gap.</summary>
    private const int MaxWaiting = 10_000;

    private readonly Action<T> _deliver;
    private readonly TimeSpan _gapTimeout;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, T> _waiting = [];
    private readonly ITimer _gapTimer;
    private long _next; // 0: take whatever comes next as the start
    private long _late;

    public EventSequencer(Action<T> deliver, TimeSpan gapTimeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _deliver = deliver;
        _gapTimeout = gapTimeout;
        _gapTimer = timeProvider.CreateTimer(_ => SkipGap(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Messages dropped because they came after later ones were delivered.</summary>
    public long Late => Interlocked.Read(ref _late);

    public void Accept(long sequence, T message)
    {
        lock (_gate)
        {
            if (sequence == _next)
            {
                DeliverLocked(sequence, message);
                DrainLocked();
            }
            else if (_next == 0 || (sequence < _next && _next - sequence > ResetDistance))
            {
                _waiting.Clear(); // a new start: what waited belongs to the old count
                DeliverLocked(sequence, message);
                DrainLocked();
            }
            else if (sequence > _next)
            {
                _waiting[sequence] = message;
                if (_waiting.Count > MaxWaiting)
                {
                    SkipGapLocked();
                }
                else if (_waiting.Count == 1)
                {
                    _gapTimer.Change(_gapTimeout, Timeout.InfiniteTimeSpan);
                }
            }
            else
            {
                Interlocked.Increment(ref _late);
            }
        }
    }

    /// <summary>
    /// Delivers what waits, in order, and starts counting again: from <paramref name="next"/> when the
    /// caller knows it (read from the counter before subscribing, so a later message that overtakes an
    /// earlier one waits for it instead of making it late), or from whatever comes next (0; after a
    /// reconnection messages in between are lost anyway).
    /// </summary>
    public void Restart(long next = 0)
    {
        lock (_gate)
        {
            foreach (KeyValuePair<long, T> waiting in _waiting)
            {
                _deliver(waiting.Value);
            }

            _waiting.Clear();
            _next = next;
        }
    }

    public void Dispose() => _gapTimer.Dispose();

    private void SkipGap()
    {
        lock (_gate)
        {
            SkipGapLocked();
        }
    }

    private void SkipGapLocked()
    {
        if (_waiting.Count == 0)
        {
            return;
        }

        _next = _waiting.Keys.First();
        DrainLocked();
    }

    private void DeliverLocked(long sequence, T message)
    {
        _next = sequence + 1;
        _deliver(message);
    }

    private void DrainLocked()
    {
        while (_waiting.Remove(_next, out T? message))
        {
            DeliverLocked(_next, message);
        }

        _gapTimer.Change(_waiting.Count > 0 ? _gapTimeout : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
