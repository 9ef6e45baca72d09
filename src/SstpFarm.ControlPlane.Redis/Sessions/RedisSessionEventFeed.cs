using System.Runtime.CompilerServices;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Sessions;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Sessions;

/// <summary>
/// The farm's session events: one subscription per node to <see cref="RedisKeys.SessionEvents"/>
/// (published by every node's <see cref="RedisSessionRegistry"/>), put back in order by sequence
/// number and fanned out to local watchers by a <see cref="SessionEventHub"/> (bounded queues: a slow
/// watcher loses its oldest events). Pub/sub is fire-and-forget: events published while this node
/// is disconnected from Redis are not seen (best effort, as the contract says).
/// </summary>
public sealed class RedisSessionEventFeed : ISessionEventFeed, IDisposable
{
    /// <summary>Tuning default: how long a message after a gap waits for the missing ones.</summary>
    public static readonly TimeSpan DefaultGapTimeout = TimeSpan.FromMilliseconds(250);

    private readonly RedisConnection _redis;
    private readonly EventSequencer<SessionEvent> _sequencer;
    private int _started;

    public RedisSessionEventFeed(RedisConnection redis, TimeProvider timeProvider, int capacity = SessionEventHub.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        Hub = new SessionEventHub(capacity);
        _sequencer = new EventSequencer<SessionEvent>(Hub.Publish, DefaultGapTimeout, timeProvider);
    }

    /// <summary>The local fan-out (watcher count, events dropped by slow watchers).</summary>
    public SessionEventHub Hub { get; }

    /// <summary>Events that arrived after later ones were delivered, and were dropped.</summary>
    public long Late => _sequencer.Late;

    /// <summary>Subscribes (once; the connection re-subscribes after reconnections). <see cref="WatchAsync"/> does it too.</summary>
    public async ValueTask StartAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _redis.Reconnected += (_, _) => _sequencer.Restart();

            // The counter before subscribing: every message this feed can receive is numbered after
            // it, so the first one to arrive need not be the first one sent.
            RedisOutcome<RedisValue> counter = await _redis.RunAsync(db => db.StringGetAsync(_redis.Keys.SessionEventsSequence));
            if (counter.Available)
            {
                _sequencer.Restart(counter.Value.IsNull ? 1 : (long)counter.Value + 1);
            }

            await _redis.SubscribeAsync(_redis.Keys.SessionEvents, OnMessage);
        }
    }

    /// <summary>Events from now on; the watcher is registered inside the first MoveNextAsync once the feed is started.</summary>
    public async IAsyncEnumerable<SessionEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) == 0)
        {
            await StartAsync();
        }

        await foreach (SessionEvent sessionEvent in Hub.WatchAsync(cancellationToken))
        {
            yield return sessionEvent;
        }
    }

    public void Dispose() => _sequencer.Dispose();

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (SessionEventCodec.TryDecode(message, out long sequence, out SessionEvent? sessionEvent))
        {
            _sequencer.Accept(sequence, sessionEvent!);
        }
    }
}
