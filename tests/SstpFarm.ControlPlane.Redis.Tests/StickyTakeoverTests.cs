using System.Diagnostics;
using System.Net;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>
/// A node dies with sessions: as soon as its heartbeat key has expired, each of its users gets
/// their address back on another node (sticky takeover), nobody else does before the cooldown, and
/// the node — if it was only cut off — revokes those sessions when it is back.
/// </summary>
public sealed class StickyTakeoverTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    // Real time, short settings: the node TTL is 1 s (production: 6 s), the cooldown 5 min.
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1.5);

    private RedisControlPlaneOptions Options(string prefix) => new()
    {
        Connection = redis.Options(prefix),
        NodeTimeToLive = Ttl,
        Pool = new RedisIpPoolOptions { OfflineAllocationLimit = TimeSpan.FromSeconds(20), ReclaimAfter = TimeSpan.FromSeconds(30), RecoveryWindow = TimeSpan.Zero, StickyTakeoverWait = Wait },
    };

    private async Task<(RedisControlPlane A, RedisControlPlane B)> FarmAsync(string network)
    {
        string prefix = "take" + Guid.NewGuid().ToString("N")[..8];
        IpPoolDefinition Pool(string node) => Infrastructure.Pools.Definition(network, node, TimeSpan.FromMinutes(5));
        RedisControlPlane a = await RedisControlPlane.CreateAsync(Options(prefix), Pool("a"), TimeProvider.System);
        RedisControlPlane b = await RedisControlPlane.CreateAsync(Options(prefix), Pool("b"), TimeProvider.System);
        await BeatAsync(a);
        await BeatAsync(b);
        return (a, b);
    }

    private static async Task BeatAsync(RedisControlPlane node) =>
        Assert.Equal(NodeDirectoryStatus.Done, await node.Nodes.HeartbeatAsync(new NodeHeartbeat(1, 0.1, "test")));

    private static async Task<IpLease> TakeAsync(RedisControlPlane node, string session, string user)
    {
        IpAllocationResult result = await node.DefaultPool.AllocateAsync(new IpAllocationRequest(session, user));
        Assert.Equal(IpAllocationStatus.Allocated, result.Status);
        return result.Lease!;
    }

    [Fact]
    public async Task AUserGetsTheirAddressBackFromADeadNodeAtOnceAndNobodyElseDoes()
    {
        (RedisControlPlane a, RedisControlPlane b) = await FarmAsync("10.110.0.0/24");
        await using RedisControlPlane nodeB = b;
        IpLease alice = await TakeAsync(a, "a-alice", "alice");
        IpLease bob = await TakeAsync(a, "a-bob", "bob");
        await a.DisposeAsync(); // a stops heartbeating; its leases stay in Redis
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
        IpLease back = await TakeAsync(b, "b-bob", "bob");
        Assert.Equal((bob.Address, IpLeaseKind.Sticky, "b"), (back.Address, back.Kind, back.NodeId));

        // carol may not have alice's address before the cooldown, however dead a is.
        IpLease carol = await TakeAsync(b, "b-carol", "carol");
        Assert.NotEqual(alice.Address, carol.Address);
        Assert.NotEqual(bob.Address, carol.Address);

        // Every address is leased once: bob's moved from a's session to b's.
        IReadOnlyList<IpLease> leases = await b.DefaultPool.GetLeasesAsync();
        Assert.Equal(leases.Count, leases.Select(l => l.Address).Distinct().Count());
        Assert.Equal("b-bob", Assert.Single(leases, l => l.Address.Equals(bob.Address)).SessionId);
    }

    [Fact]
    public async Task AUserWhoReconnectsBeforeTheHolderIsDeclaredDeadWaitsForIt()
    {
        (RedisControlPlane a, RedisControlPlane b) = await FarmAsync("10.111.0.0/24");
        await using RedisControlPlane nodeA = a;
        await using RedisControlPlane nodeB = b;
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(100)); // b's own connection has been stable for a TTL
        IpLease dave = await TakeAsync(a, "a-dave", "dave");
        await Task.Delay(Ttl); // the lease must be older than a TTL: a granted it while alive
        await BeatAsync(a); // a's last heartbeat: it is killed now

        var clock = Stopwatch.StartNew();
        IpLease back = await TakeAsync(b, "b-dave", "dave");
        Assert.Equal((dave.Address, IpLeaseKind.Sticky), (back.Address, back.Kind));
        Assert.InRange(clock.Elapsed, Ttl * 0.9, Wait + TimeSpan.FromSeconds(1));

        // A holder that goes on beating is alive: its user's second session gets another address
        // after one wait.
        using var beating = new CancellationTokenSource();
        Task beats = Task.Run(async () =>
        {
            while (!beating.IsCancellationRequested)
            {
                await BeatAsync(b);
                await Task.Delay(Ttl / 10); // often: a busy test machine must not make b look dead
            }
        });
        IpLease erin = await TakeAsync(b, "b-erin", "erin");
        IpLease second = await TakeAsync(a, "a-erin", "erin");
        await beating.CancelAsync();
        await beats;
        Assert.NotEqual(erin.Address, second.Address);
        Assert.Equal("b-erin", (await a.DefaultPool.FindLeaseAsync(erin.Address))!.SessionId);
    }

    [Fact]
    public async Task ANodeThatJustConnectedTrustsAnExpiredHeartbeatOnlyAfterATtl()
    {
        (RedisControlPlane a, RedisControlPlane b) = await FarmAsync("10.115.0.0/24");
        await using RedisControlPlane nodeB = b;
        IpLease alice = await TakeAsync(a, "a-alice", "alice");
        await a.DisposeAsync();
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200)); // a is dead, its lease old

        // c has just connected (it might just be back from an outage, while others had no chance to beat yet).
        await using RedisControlPlane c = await RedisControlPlane.CreateAsync(Options(b.Connection.Keys.Prefix), Infrastructure.Pools.Definition("10.115.0.0/24", "c", TimeSpan.FromMinutes(5)), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        Assert.Equal(alice.Address, (await TakeAsync(c, "c-alice", "alice")).Address);
        Assert.True(clock.Elapsed >= Ttl * 0.8, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ANodeThatWasTakenForDeadRevokesTheSessionsWhoseAddressesMoved()
    {
        (RedisControlPlane a, RedisControlPlane b) = await FarmAsync("10.112.0.0/24");
        await using RedisControlPlane nodeA = a;
        await using RedisControlPlane nodeB = b;
        var revoked = new List<IpLease>();
        a.FarmPool.LeasesRevoked += (_, e) => revoked.AddRange(e.Leases);
        IpLease alice = await TakeAsync(a, "a-alice", "alice");
        IpLease bob = await TakeAsync(a, "a-bob", "bob");

        // a is cut off (stops beating) while alice reconnects through b.
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
        await BeatAsync(b);
        Assert.Equal(alice.Address, (await TakeAsync(b, "b-alice", "alice")).Address);

        // a is back: its next maintenance learns it was taken for dead and ends alice's old session only.
        Assert.True(await a.FarmPool.MaintainAsync());
        Assert.Equal("a-alice", Assert.Single(revoked).SessionId);
        Assert.Equal(IpReleaseStatus.NotFound, (await a.DefaultPool.ReleaseAsync("a-alice")).Status);
        Assert.Equal("b-alice", (await b.DefaultPool.FindLeaseAsync(alice.Address))!.SessionId);
        Assert.Equal("a-bob", (await b.DefaultPool.FindLeaseAsync(bob.Address))!.SessionId);
    }

    [Fact]
    public async Task TheRegistryGivesADeadNodesAddressToTheSessionThatTookItOver()
    {
        (RedisControlPlane a, RedisControlPlane b) = await FarmAsync("10.113.0.0/24");
        await using RedisControlPlane nodeB = b;
        var address = IPAddress.Parse("10.113.0.9");
        Assert.Equal(SessionRegistryStatus.Done, await a.Sessions.RegisterAsync(new SessionRecord("a-alice", "alice", "a", address, null, DateTimeOffset.UtcNow)));
        Assert.Equal(SessionRegistryStatus.Done, await b.Sessions.RegisterAsync(new SessionRecord("b-alice", "alice", "b", null, null, DateTimeOffset.UtcNow)));
        Assert.Equal(SessionRegistryStatus.AddressConflict, await b.Sessions.UpdateAddressAsync("b-alice", address)); // a lives
        await a.DisposeAsync();

        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
        Assert.Equal(SessionRegistryStatus.Done, await b.Sessions.UpdateAddressAsync("b-alice", address));
        Assert.Equal("b-alice", (await b.Sessions.FindByAddressAsync(address))!.SessionId);
        Assert.Null(await b.Sessions.GetAsync("a-alice"));
    }

    [Fact]
    public async Task ReconcilingKeepsSessionsRegisteredAfterTheSnapshot()
    {
        string prefix = "rec" + Guid.NewGuid().ToString("N")[..8];
        await using RedisControlPlane a = await RedisControlPlane.CreateAsync(Options(prefix), Infrastructure.Pools.Definition("10.114.0.0/24", "a"), TimeProvider.System);
        DateTimeOffset t0 = DateTimeOffset.UtcNow;
        await a.Sessions.RegisterAsync(new SessionRecord("gone", "alice", "a", null, null, t0.AddSeconds(-10)));
        await a.Sessions.RegisterAsync(new SessionRecord("new", "bob", "a", null, null, t0.AddSeconds(1)));
        var live = new SessionRecord("kept", "carol", "a", IPAddress.Parse("10.114.0.5"), null, t0.AddSeconds(-5));

        Assert.Equal(SessionRegistryStatus.Done, await a.FarmSessions.ReconcileNodeAsync("a", [live], t0));
        Assert.Equal(["kept", "new"], (await a.Sessions.FindByNodeAsync("a")).Select(s => s.SessionId).Order());
        Assert.Equal("kept", (await a.Sessions.FindByAddressAsync(live.InnerAddress!))!.SessionId);
    }
}
