using System.Net;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Common;

namespace SstpFarm.ControlPlane.Tests.Contracts;

/// <summary>What every ISessionEventFeed must do with the registry it watches (run against each implementation).</summary>
public abstract class SessionEventFeedContractTests
{
    /// <summary>A bound for waits on delivery, so a broken feed fails instead of hanging (not a timing assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private protected readonly ManualTimeProvider _time = new();

    /// <summary>
    /// One node of the farm under test: its registry and its feed, ready to watch. Every call in a
    /// test is another node of the same farm (a single-node implementation returns the same pair).
    /// </summary>
    protected abstract Task<(ISessionRegistry Registry, ISessionEventFeed Feed)> CreateNodeAsync(string nodeId, TimeProvider time);

    private SessionRecord Session(string id, string node, string? address = null) =>
        new(id, "alice", node, address is null ? null : IPAddress.Parse(address), new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50000), _time.GetUtcNow());

    [Fact]
    public async Task AWatcherSeesStartedAddressAssignedAndEndedFromAnotherNode()
    {
        (ISessionRegistry a, _) = await CreateNodeAsync("n1", _time);
        (_, ISessionEventFeed feedOfB) = await CreateNodeAsync("n2", _time);
        await using var watcher = Watcher.Start(feedOfB);

        Assert.Equal(SessionRegistryStatus.Done, await a.RegisterAsync(Session("s1", "n1")));
        Assert.Equal(SessionRegistryStatus.Done, await a.UpdateTrafficAsync("s1", 10, 20)); // no event: counters are not watched
        Assert.Equal(SessionRegistryStatus.Done, await a.UpdateAddressAsync("s1", IPAddress.Parse("10.0.0.5")));
        Assert.Equal(SessionRegistryStatus.Done, await a.UnregisterAsync("s1"));

        SessionEvent started = await watcher.NextAsync();
        Assert.Equal((SessionEventKind.Started, "s1", "alice", "n1"), (started.Kind, started.Session.SessionId, started.Session.UserName, started.Session.NodeId));
        Assert.Null(started.Session.InnerAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50000), started.Session.ClientEndPoint);
        Assert.Equal(_time.GetUtcNow(), started.Session.StartedAt);

        SessionEvent assigned = await watcher.NextAsync();
        Assert.Equal((SessionEventKind.AddressAssigned, "s1"), (assigned.Kind, assigned.Session.SessionId));
        Assert.Equal(IPAddress.Parse("10.0.0.5"), assigned.Session.InnerAddress);

        SessionEvent ended = await watcher.NextAsync();
        Assert.Equal((SessionEventKind.Ended, "s1"), (ended.Kind, ended.Session.SessionId));
        Assert.Equal(IPAddress.Parse("10.0.0.5"), ended.Session.InnerAddress); // the record before removal
        Assert.Equal(_time.GetUtcNow(), ended.At);
    }

    [Fact]
    public async Task RefusedWritesRaiseNothingAndEveryWatcherSeesEveryEvent()
    {
        (ISessionRegistry registry, ISessionEventFeed feed) = await CreateNodeAsync("n1", _time);
        await using var first = Watcher.Start(feed);
        await using var second = Watcher.Start(feed);

        await registry.RegisterAsync(Session("s1", "n1", "10.0.0.2"));
        Assert.Equal(SessionRegistryStatus.AlreadyRegistered, await registry.RegisterAsync(Session("s1", "n1")));
        Assert.Equal(SessionRegistryStatus.AddressConflict, await registry.RegisterAsync(Session("s2", "n1", "10.0.0.2")));
        Assert.Equal(SessionRegistryStatus.NotFound, await registry.UnregisterAsync("nobody"));
        Assert.Equal(SessionRegistryStatus.NotFound, await registry.UpdateAddressAsync("nobody", IPAddress.Parse("10.0.0.3")));
        await registry.RegisterAsync(Session("s3", "n1"));

        foreach (Watcher watcher in new[] { first, second })
        {
            Assert.Equal("s1", (await watcher.NextAsync()).Session.SessionId);
            Assert.Equal("s3", (await watcher.NextAsync()).Session.SessionId);
        }
    }

    [Fact]
    public async Task CancellationEndsTheWatchQuietly()
    {
        (ISessionRegistry registry, ISessionEventFeed feed) = await CreateNodeAsync("n1", _time);
        await using var watcher = Watcher.Start(feed);
        await registry.RegisterAsync(Session("s1", "n1"));
        Assert.Equal("s1", (await watcher.NextAsync()).Session.SessionId);

        Assert.False(await watcher.CancelAsync());
    }

    [Fact]
    public async Task ASlowWatcherBlocksNobodyAndKeepsTheNewestEvents()
    {
        const int Events = 1500; // more than a watcher may lag behind (SessionEventHub.DefaultCapacity)
        (ISessionRegistry registry, ISessionEventFeed feed) = await CreateNodeAsync("n1", _time);
        await using var slow = Watcher.Start(feed); // never reads until the end
        await using var fast = Watcher.Start(feed);
        Task<int> fastSeen = fast.CountUntilAsync("last");

        for (int i = 0; i < Events; i++)
        {
            Assert.Equal(SessionRegistryStatus.Done, await registry.RegisterAsync(Session($"s{i}", "n1")));
        }

        Assert.Equal(SessionRegistryStatus.Done, await registry.RegisterAsync(Session("last", "n1")));
        Assert.True(await fastSeen.WaitAsync(Patience) >= 1);

        // The slow one lost its oldest events, not the newest, and still runs.
        int slowSeen = await slow.CountUntilAsync("last");
        Assert.InRange(slowSeen, 1, Events);
        Assert.Equal(SessionRegistryStatus.Done, await registry.UnregisterAsync("last"));
        Assert.Equal(SessionEventKind.Ended, (await slow.NextAsync()).Kind);
    }

    /// <summary>One watch, started synchronously (the feed registers the watcher inside the first MoveNextAsync).</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly IAsyncEnumerator<SessionEvent> _events;
        private Task<bool> _next;

        private Watcher(ISessionEventFeed feed)
        {
            _events = feed.WatchAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
            _next = _events.MoveNextAsync().AsTask();
        }

        public static Watcher Start(ISessionEventFeed feed) => new(feed);

        public async Task<SessionEvent> NextAsync()
        {
            Assert.True(await _next.WaitAsync(Patience), "the watch ended");
            SessionEvent current = _events.Current;
            _next = _events.MoveNextAsync().AsTask();
            return current;
        }

        /// <summary>Reads until the Started event of <paramref name="sessionId"/>; how many events that took.</summary>
        public async Task<int> CountUntilAsync(string sessionId)
        {
            for (int count = 1; ; count++)
            {
                if ((await NextAsync()).Session.SessionId == sessionId)
                {
                    return count;
                }
            }
        }

        /// <summary>Cancels; what the pending MoveNextAsync answered (false: the watch ended).</summary>
        public async Task<bool> CancelAsync()
        {
            await _stop.CancelAsync();
            return await _next.WaitAsync(Patience);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _next.WaitAsync(Patience);
            }
            catch (OperationCanceledException)
            {
            }

            await _events.DisposeAsync();
            _stop.Dispose();
        }
    }
}
