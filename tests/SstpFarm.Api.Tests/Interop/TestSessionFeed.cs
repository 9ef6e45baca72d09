using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>A feed the test publishes into; it counts watchers that started and that were cancelled.</summary>
internal sealed class TestSessionFeed : ISessionEventFeed
{
    private readonly Lock _gate = new();
    private readonly List<Channel<SessionEvent>> _watchers = [];
    private int _cancelled;

    public TaskCompletionSource WatcherStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource WatcherCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Publish(SessionEvent change)
    {
        lock (_gate)
        {
            foreach (Channel<SessionEvent> watcher in _watchers)
            {
                watcher.Writer.TryWrite(change);
            }
        }
    }

    public async IAsyncEnumerable<SessionEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SessionEvent>();
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        WatcherStarted.TrySetResult();
        try
        {
            while (true)
            {
                SessionEvent change;
                try
                {
                    change = await channel.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancelled);
                    WatcherCancelled.TrySetResult();
                    throw;
                }

                yield return change;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }
}
