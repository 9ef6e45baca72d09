using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>
/// A brand-new pool allocates at once; a pool Redis lost (some keys left, or all gone while a node
/// had seen it) waits out the recovery window, so that the nodes holding blocks re-assert them first.
/// </summary>
public sealed class PoolFirstStartTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly RedisIpPoolOptions Options = new() { RecoveryWindow = TimeSpan.FromMinutes(1) };
    private readonly string _prefix = "first" + Guid.NewGuid().ToString("N")[..8];
    private RedisConnection _ca = null!;
    private RedisConnection _cb = null!;

    public async Task InitializeAsync()
    {
        _ca = await redis.ConnectAsync(_prefix);
        _cb = await redis.ConnectAsync(_prefix);
    }

    public async Task DisposeAsync()
    {
        await _ca.DisposeAsync();
        await _cb.DisposeAsync();
    }

    private static RedisIpPool Pool(RedisConnection connection, string node) =>
        new(connection, Infrastructure.Pools.Definition("10.120.0.0/24", node), Options, TimeProvider.System);

    private static Task<IpAllocationResult> AllocateAsync(RedisIpPool pool, string session, string user) =>
        pool.AllocateAsync(new IpAllocationRequest(session, user)).AsTask();

    private async Task<Dictionary<string, string>> MetaAsync()
    {
        RedisOutcome<HashEntry[]> meta = await _ca.RunAsync(db => db.HashGetAllAsync(_ca.Keys.Pool("farm") + "meta"));
        return meta.Value.ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
    }

    private Task DeleteAsync(params string[] suffixes) =>
        _ca.RunAsync(db => db.KeyDeleteAsync([.. suffixes.Select(s => (RedisKey)(_ca.Keys.Pool("farm") + s))])).AsTask();

    [Fact]
    public async Task ABrandNewPoolAllocatesAtOnce()
    {
        using RedisIpPool a = Pool(_ca, "a");
        Assert.Equal(IpAllocationStatus.Allocated, (await AllocateAsync(a, "s1", "alice")).Status);
        Dictionary<string, string> meta = await MetaAsync();
        Assert.Equal(("1", meta["createdAt"]), (meta["fresh"], meta["recoverUntil"]));
    }

    [Fact]
    public async Task APoolWhoseMetaRecordWasLostWaitsWhileItsOtherKeysRemain()
    {
        using (RedisIpPool a = Pool(_ca, "a"))
        {
            Assert.Equal(IpAllocationStatus.Allocated, (await AllocateAsync(a, "s1", "alice")).Status);
        }

        await DeleteAsync("meta");
        using RedisIpPool b = Pool(_cb, "b"); // never saw the pool: only the keys left tell it
        Assert.Equal(IpAllocationStatus.Unavailable, (await AllocateAsync(b, "s2", "bob")).Status);
        Assert.Equal("0", (await MetaAsync())["fresh"]);
    }

    [Fact]
    public async Task APoolLostWholeWaitsForTheNodesThatKnewIt()
    {
        using RedisIpPool a = Pool(_ca, "a");
        IpAllocationResult first = await AllocateAsync(a, "s1", "alice");
        Assert.Equal(IpAllocationStatus.Allocated, first.Status);
        await DeleteAsync("meta", "blocks", "blocks:a", "leases", "epoch", "sessions", "last", "owners", "node:a");

        // a's maintenance runs first (every few seconds): it knew the pool, so this is a loss, and
        // it takes its block and lease back while b, new, may not claim anything.
        Assert.True(await a.MaintainAsync());
        Assert.Equal("0", (await MetaAsync())["fresh"]);
        using RedisIpPool b = Pool(_cb, "b");
        Assert.Equal(IpAllocationStatus.Unavailable, (await AllocateAsync(b, "s2", "bob")).Status);
        IpAllocationResult second = await AllocateAsync(a, "s3", "carol");
        Assert.Equal(IpAllocationStatus.Allocated, second.Status); // from its re-asserted block
        Assert.Equal("s1", (await a.FindLeaseAsync(first.Lease!.Address))!.SessionId);
    }

    [Fact]
    public async Task ANewPoolCreatedAfterALossIsTurnedIntoARecoveryByANodeThatKnewTheOldOne()
    {
        using RedisIpPool a = Pool(_ca, "a");
        Assert.Equal(IpAllocationStatus.Allocated, (await AllocateAsync(a, "s1", "alice")).Status);
        await DeleteAsync("meta", "blocks", "blocks:a", "leases", "epoch", "sessions", "last", "owners", "node:a");

        // b, new, runs first and takes the empty pool for a first start; a then says otherwise.
        using RedisIpPool b = Pool(_cb, "b");
        Assert.Equal(IpAllocationStatus.Allocated, (await AllocateAsync(b, "s2", "bob")).Status);
        Assert.True(await a.MaintainAsync());
        Dictionary<string, string> meta = await MetaAsync();
        Assert.Equal("0", meta["fresh"]);
        Assert.True(long.Parse(meta["recoverUntil"], System.Globalization.CultureInfo.InvariantCulture) > long.Parse(meta["createdAt"], System.Globalization.CultureInfo.InvariantCulture));
        using RedisIpPool c = Pool(_cb, "c");
        Assert.Equal(IpAllocationStatus.Unavailable, (await AllocateAsync(c, "s3", "carol")).Status);
    }
}
