using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Nodes;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Sessions;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Redis.TicketKeys;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Contracts;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.Redis.Tests;

// The shared contracts (tests/SstpFarm.ControlPlane.Tests/Contracts), run against Redis: one
// redis-server per class, one key prefix (a fresh farm) per test.

public sealed class RedisIpPoolContractTests(RedisFixture redis) : IpPoolContractTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private RedisConnection _connection = null!;

    public async Task InitializeAsync() => _connection = await redis.ConnectAsync();

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override IIpPool CreatePool(IpPoolDefinition definition, TimeProvider time) =>
        new RedisIpPool(_connection, definition, new RedisIpPoolOptions { RecoveryWindow = TimeSpan.Zero }, time);
}

public sealed class RedisNodeDirectoryContractTests(RedisFixture redis) : NodeDirectoryContractTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private RedisConnection _connection = null!;

    public async Task InitializeAsync() => _connection = await redis.ConnectAsync();

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override INodeDirectory CreateDirectory(string localNodeId, TimeProvider time, TimeSpan timeToLive) =>
        new RedisNodeDirectory(_connection, localNodeId, time, timeToLive);
}

public sealed class RedisSessionRegistryContractTests(RedisFixture redis) : SessionRegistryContractTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private RedisConnection _connection = null!;

    public async Task InitializeAsync() => _connection = await redis.ConnectAsync();

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override ISessionRegistry CreateRegistry(TimeProvider time) => new RedisSessionRegistry(_connection, time);
}

public sealed class RedisTicketKeyRingContractTests(RedisFixture redis) : TicketKeyRingContractTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private RedisConnection _connection = null!;

    public async Task InitializeAsync() => _connection = await redis.ConnectAsync();

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    protected override ITicketKeyRing CreateRing(TimeProvider time, TimeSpan rotationInterval) =>
        new RedisTicketKeyRing(_connection, "n1", time, rotationInterval);
}
