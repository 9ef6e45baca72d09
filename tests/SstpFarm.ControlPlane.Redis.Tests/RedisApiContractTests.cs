using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Sessions;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Contracts;

namespace SstpFarm.ControlPlane.Redis.Tests;

// The operator API's contracts (issue 5) against Redis: every "node" is its own connection to one
// redis-server, with the test's key prefix (one farm per test).

public sealed class RedisSessionEventFeedContractTests(RedisFixture redis) : SessionEventFeedContractTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    protected override async Task<(ISessionRegistry Registry, ISessionEventFeed Feed)> CreateNodeAsync(string nodeId, TimeProvider time)
    {
        RedisConnection connection = await redis.ConnectAsync(_prefix);
        var feed = new RedisSessionEventFeed(connection, TimeProvider.System);
        _owned.Add(new Owned(connection, feed));
        await feed.StartAsync();
        return (new RedisSessionRegistry(connection, time), feed);
    }

    private sealed class Owned(RedisConnection connection, RedisSessionEventFeed feed) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            feed.Dispose();
            await connection.DisposeAsync();
        }
    }
}
