using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>One holder at a time; the holder renews; a silent holder's lease passes on after its duration; no Redis, no lease.</summary>
public sealed class RedisLeaseTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task OneHolderRenewsUntilItFallsSilent()
    {
        await using RedisConnection connection = await redis.ConnectAsync();
        string key = connection.Keys.TicketPushLease;
        var a = new RedisLease(connection, key, "a", TimeSpan.FromMilliseconds(600));
        var b = new RedisLease(connection, key, "b", TimeSpan.FromMilliseconds(600));

        Assert.Equal(new RedisOutcome<bool>(true, true), await a.TryHoldAsync());
        Assert.Equal(new RedisOutcome<bool>(true, false), await b.TryHoldAsync());
        for (int i = 0; i < 4; i++)
        {
            // a renews every 300 ms: b never gets it, although 1.2 s (two durations) pass.
            await Task.Delay(300);
            Assert.True((await a.TryHoldAsync()).Value);
            Assert.False((await b.TryHoldAsync()).Value);
        }

        await Task.Delay(800);
        Assert.True((await b.TryHoldAsync()).Value);
        Assert.False((await a.TryHoldAsync()).Value);
    }

    [Fact]
    public async Task WithoutRedisNobodyHoldsIt()
    {
        RedisConnectionOptions options = redis.Options() with { EndPoints = [new System.Net.DnsEndPoint("127.0.0.1", 1)] };
        await using RedisConnection connection = await RedisConnection.ConnectAsync(options);
        var lease = new RedisLease(connection, connection.Keys.TicketPushLease, "a", TimeSpan.FromSeconds(10));
        Assert.Equal(new RedisOutcome<bool>(false, false), await lease.TryHoldAsync());
    }
}
