using System.Net;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>A node stops heartbeating: it is dead within the TTL, its sessions leave the registry, then its blocks and leases are reclaimed and its users get their addresses back elsewhere.</summary>
public sealed class NodeDeathTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    // Short real-time settings keep the test at a few seconds; production defaults are 15 s / 40 s / 60 s.
    private static RedisControlPlaneOptions Options(RedisFixture redis, string prefix) => new()
    {
        Connection = redis.Options(prefix),
        NodeTimeToLive = TimeSpan.FromSeconds(1),
        Pool = new RedisIpPoolOptions { OfflineAllocationLimit = TimeSpan.FromSeconds(1), ReclaimAfter = TimeSpan.FromSeconds(2), RecoveryWindow = TimeSpan.Zero },
    };

    [Fact]
    public async Task DeadNodeIsReapedAndItsAddressesGoBackToTheirUsers()
    {
        string prefix = "death" + Guid.NewGuid().ToString("N")[..8];
        IpPoolDefinition Pool(string node) => Infrastructure.Pools.Definition("10.80.0.0/24", node, TimeSpan.FromMinutes(5));
        RedisControlPlane a = await RedisControlPlane.CreateAsync(Options(redis, prefix), Pool("a"), TimeProvider.System);
        await using RedisControlPlane b = await RedisControlPlane.CreateAsync(Options(redis, prefix), Pool("b"), TimeProvider.System);
        await a.Nodes.HeartbeatAsync(new NodeHeartbeat(2, 0.1, "test"));
        await b.Nodes.HeartbeatAsync(new NodeHeartbeat(0, 0, "test"));

        var addresses = new Dictionary<string, IPAddress>();
        foreach (string user in new[] { "alice", "bob" })
        {
            IpAllocationResult lease = await a.DefaultPool.AllocateAsync(new IpAllocationRequest($"a-{user}", user));
            addresses[user] = lease.Lease!.Address;
            Assert.Equal(SessionRegistryStatus.Done, await a.Sessions.RegisterAsync(new SessionRecord($"a-{user}", user, "a", lease.Lease.Address, null, DateTimeOffset.UtcNow)));
        }

        await a.DisposeAsync(); // node a is gone: no more heartbeats

        // alice reconnecting on b at once waits for a's heartbeat key to expire and takes her address over.
        IpAllocationResult early = await b.DefaultPool.AllocateAsync(new IpAllocationRequest("b-alice-early", "alice"));
        Assert.Equal((addresses["alice"], IpLeaseKind.Sticky), (early.Lease!.Address, early.Lease.Kind));
        await b.DefaultPool.ReleaseAsync("b-alice-early");

        bool dead = false;
        bool sessionsGone = false;
        bool reclaimed = false;
        for (int i = 0; i < 100 && !reclaimed; i++)
        {
            await Task.Delay(100);
            await b.Nodes.HeartbeatAsync(new NodeHeartbeat(0, 0, "test"));
            await b.MaintainOnceAsync();
            dead |= (await b.Nodes.GetAsync("a"))?.Health == NodeHealth.Dead;
            sessionsGone |= dead && (await b.Sessions.FindByNodeAsync("a")).Count == 0;
            reclaimed = !(await b.FarmPool.GetOwnersAsync())!.Contains("a");
        }

        Assert.True(dead && sessionsGone && reclaimed, $"dead {dead}, sessions gone {sessionsGone}, reclaimed {reclaimed}");
        Assert.DoesNotContain(await b.DefaultPool.GetLeasesAsync(), l => l.NodeId == "a");

        // The cooldown (5 min) keeps a's addresses from others, but each user gets theirs back.
        IpAllocationResult carol = await b.DefaultPool.AllocateAsync(new IpAllocationRequest("b-carol", "carol"));
        Assert.DoesNotContain(carol.Lease!.Address, addresses.Values);
        // (bob's lease stayed a's until the reclaim parked it for him.)
        IpAllocationResult bob = await b.DefaultPool.AllocateAsync(new IpAllocationRequest("b-bob", "bob"));
        Assert.Equal((IpLeaseKind.Sticky, addresses["bob"]), (bob.Lease!.Kind, bob.Lease.Address));
    }

    [Fact]
    public async Task ANodeWhoseBlockWasReclaimedIsFencedAndRevokesItsLeases()
    {
        string prefix = "fence" + Guid.NewGuid().ToString("N")[..8];
        await using RedisControlPlane a = await RedisControlPlane.CreateAsync(Options(redis, prefix), Infrastructure.Pools.Definition("10.81.0.0/24", "a"), TimeProvider.System);
        await using RedisControlPlane b = await RedisControlPlane.CreateAsync(Options(redis, prefix), Infrastructure.Pools.Definition("10.81.0.0/24", "b"), TimeProvider.System);
        var revoked = new List<IpLease>();
        a.FarmPool.LeasesRevoked += (_, e) => revoked.AddRange(e.Leases);
        IpAllocationResult lease = await a.DefaultPool.AllocateAsync(new IpAllocationRequest("a1", "alice"));
        int block = Assert.Single(a.FarmPool.HeldBlocks);

        // b takes a's block back as if a had been silent (a was partitioned, not dead).
        await Task.Delay(1100); // b's connection must be stable for a TTL before it reaps
        Assert.NotNull(await b.FarmPool.ReclaimNodeAsync("a"));

        // a learns it at its next maintenance (or lease write): the block is gone and so is the lease.
        Assert.True(await a.FarmPool.MaintainAsync());
        Assert.DoesNotContain(block, a.FarmPool.HeldBlocks);
        Assert.Equal("a1", Assert.Single(revoked).SessionId);
        Assert.NotEqual(lease.Lease!.Address, (await a.DefaultPool.AllocateAsync(new IpAllocationRequest("a2", "bob"))).Lease!.Address);
    }
}
