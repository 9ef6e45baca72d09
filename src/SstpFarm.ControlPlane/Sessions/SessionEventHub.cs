using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace SstpFarm.ControlPlane.Sessions;

/// <summary>
/// Fans session events out to any number of watchers without ever making the writer wait: each
/// watcher has its own bounded queue, and a watcher that falls <see cref="Capacity"/> events behind
/// loses its OLDEST queued events (it keeps running and stays current; <see cref="Dropped"/> counts
/// the losses). The feed is best effort by contract, so a slow operator console costs itself
/// history, never the registry a packet of latency.
/// </summary>
/// <remarks>
/// A watcher is registered when its enumeration starts — synchronously inside the first
/// <c>MoveNextAsync</c> call — so events published after that call are seen.
/// </remarks>
public sealed class SessionEventHub : ISessionEventFeed
{
    /// <summary>Tuning default: events a watcher may lag behind before it loses the oldest.</summary>
    public const int DefaultCapacity = 1024;

    private ImmutableArray<Channel<SessionEvent>> _watchers = [];
    private long _dropped;

    public SessionEventHub(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Watchers enumerating now.</summary>
    public int WatcherCount => _watchers.Length;

    /// <summary>Events lost by slow watchers since start (one per watcher and event).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Hands the event to every watcher; never blocks (O(watchers)).</summary>
    public void Publish(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        foreach (Channel<SessionEvent> watcher in _watchers)
        {
            watcher.Writer.TryWrite(sessionEvent); // DropOldest: always accepted
        }
    }

    /// <summary>Events until <paramref name="cancellationToken"/> fires; cancellation ends the enumeration without an exception.</summary>
    public async IAsyncEnumerable<SessionEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true };
        Channel<SessionEvent> channel = Channel.CreateBounded<SessionEvent>(options, _ => Interlocked.Increment(ref _dropped));
        ImmutableInterlocked.Update(ref _watchers, static (list, c) => list.Add(c), channel);
        try
        {
            while (await WaitAsync(channel.Reader, cancellationToken))
            {
                while (channel.Reader.TryRead(out SessionEvent? next))
                {
                    yield return next;
                }
            }
        }
        finally
        {
            ImmutableInterlocked.Update(ref _watchers, static (list, c) => list.Remove(c), channel);
        }
    }

    // Cancellation ends the enumeration quietly: that is how a watch ends.
    private static async ValueTask<bool> WaitAsync(ChannelReader<SessionEvent> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
