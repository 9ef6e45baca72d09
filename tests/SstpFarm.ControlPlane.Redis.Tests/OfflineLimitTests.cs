using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>
/// A node cut off from Redis for the offline limit ends its sessions (before ReclaimAfter lets
/// anybody take its blocks) and leases nothing; once Redis answers it is whole again, and the leases
/// of the sessions it ended are released in Redis, the offline ones never written.
/// </summary>
public sealed class OfflineLimitTests
{
    [Fact]
    public async Task ANodeCutOffForTheOfflineLimitRevokesEveryLeaseAndRecovers()
    {
        await using RedisProcess server = await RedisProcess.StartServerAsync();
        await using RedisConnection connection = await RedisConnection.ConnectAsync(new RedisConnectionOptions { EndPoints = [new DnsEndPoint("127.0.0.1", server.Port)], KeyPrefix = "offline" });
        // Short for a test, with room for a busy machine: detecting the dead connection may take a second.
        var limit = TimeSpan.FromSeconds(3);
        var options = new RedisIpPoolOptions { OfflineAllocationLimit = limit, ReclaimAfter = limit * 2, RecoveryWindow = TimeSpan.Zero };
        using var pool = new RedisIpPool(connection, Infrastructure.Pools.Definition("10.116.0.0/24", "n1"), options, TimeProvider.System);
        var revoked = new List<IpLease>();
        pool.LeasesRevoked += (_, e) => revoked.AddRange(e.Leases);
        Assert.True((await pool.AllocateAsync(new IpAllocationRequest("s1", "alice"))).Succeeded);
        Assert.True(await pool.MaintainAsync());

        server.Kill();
        Assert.True((await pool.AllocateAsync(new IpAllocationRequest("s2", "bob", PreferSticky: false))).Succeeded); // offline, from the held block
        Assert.False(await pool.MaintainAsync());
        Assert.Empty(revoked); // within the limit: sessions go on
        Assert.False(pool.OfflineLimitPassed);

        await Task.Delay(limit);
        Assert.False(await pool.MaintainAsync());
        Assert.True(pool.OfflineLimitPassed);
        Assert.Equal(["s1", "s2"], revoked.Select(l => l.SessionId).Order());
        Assert.Equal(IpAllocationStatus.Unavailable, (await pool.AllocateAsync(new IpAllocationRequest("s3", "carol", PreferSticky: false))).Status);

        await server.RestartAsync();
        bool back = false;
        for (int i = 0; i < 100 && !back; i++)
        {
            back = await pool.MaintainAsync();
            if (!back)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(back);
        Assert.False(pool.OfflineLimitPassed);
        Assert.Empty(await pool.GetLeasesAsync()); // s1 released as a stray, s2 never written
        Assert.True((await pool.AllocateAsync(new IpAllocationRequest("s4", "alice"))).Succeeded);
    }
}
