using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Sessions;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Redis.Users;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Contracts;
using SstpFarm.ControlPlane.Users;

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

public sealed class RedisUserAdministrationContractTests(RedisFixture redis) : UserAdministrationContractTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    protected override async Task<(IUserAdministration Admin, IUserStore Store)> CreateNodeAsync()
    {
        RedisConnection connection = await redis.ConnectAsync(_prefix);
        _owned.Add(connection);
        var store = new RedisUserStore(connection, TimeProvider.System);
        _owned.Add(store);
        await store.StartAsync();
        return (store, store);
    }
}
