using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Tests.Common;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>The pool's promises across two live nodes (separate multiplexers, one farm): sticky, cooldown, statics.</summary>
public sealed class CrossNodePoolTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly string _prefix = "x" + Guid.NewGuid().ToString("N")[..8];
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

    private RedisIpPool Pool(RedisConnection connection, string node, string network, string[]? statics = null) =>
        new(connection, Infrastructure.Pools.Definition(network, node, TimeSpan.FromSeconds(30)) with { StaticReservations = [.. (statics ?? []).Select(IPAddress.Parse)] },
            new RedisIpPoolOptions { RecoveryWindow = TimeSpan.Zero }, _time);

    private static async Task<IpLease> TakeAsync(IIpPool pool, string session, string user, string? staticAddress = null)
    {
        IpAllocationResult result = await pool.AllocateAsync(new IpAllocationRequest(session, user, staticAddress is null ? null : IPAddress.Parse(staticAddress)));
        Assert.Equal(IpAllocationStatus.Allocated, result.Status);
        return result.Lease!;
    }

    [Fact]
    public async Task AUserGetsTheirAddressBackOnAnotherLiveNode()
    {
        using RedisIpPool a = Pool(_ca, "a", "10.100.0.0/24");
        using RedisIpPool b = Pool(_cb, "b", "10.100.0.0/24");
        IpLease first = await TakeAsync(a, "s1", "alice");
        await a.ReleaseAsync("s1");

        IpLease onB = await TakeAsync(b, "s2", "alice");
        Assert.Equal((first.Address, IpLeaseKind.Sticky, "b"), (onB.Address, onB.Kind, onB.NodeId));
        Assert.NotEqual(first.Address, (await TakeAsync(a, "s3", "carol")).Address); // a's own fresh list never had it back

        await b.ReleaseAsync("s2");
        Assert.Equal(first.Address, (await TakeAsync(a, "s4", "alice")).Address);
    }

    [Fact]
    public async Task AnotherNodeWaitsForTheCooldownOfAParkedAddress()
    {
        using RedisIpPool a = Pool(_ca, "a", "10.101.0.0/29"); // one block: .1 .. .6
        using RedisIpPool b = Pool(_cb, "b", "10.101.0.0/29");
        for (int i = 1; i <= 6; i++)
        {
            await TakeAsync(a, $"s{i}", $"u{i}");
        }

        IpReleaseResult released = await a.ReleaseAsync("s3");
        IpAllocationResult bob = await b.AllocateAsync(new IpAllocationRequest("b1", "bob"));
        Assert.Equal((IpAllocationStatus.CoolingDown, TimeSpan.FromSeconds(30)), (bob.Status, bob.RetryAfter));

        _time.Advance(TimeSpan.FromSeconds(30));
        IpLease later = await TakeAsync(b, "b1", "bob");
        Assert.Equal((released.Lease!.Address, IpLeaseKind.Dynamic, "b"), (later.Address, later.Kind, later.NodeId));
        Assert.Equal(IpAllocationStatus.Exhausted, (await a.AllocateAsync(new IpAllocationRequest("a9", "u9"))).Status);
    }

    [Fact]
    public async Task AStaticAddressIsHeldOnceAcrossNodes()
    {
        using RedisIpPool a = Pool(_ca, "a", "10.102.0.0/24", ["10.102.0.200"]);
        using RedisIpPool b = Pool(_cb, "b", "10.102.0.0/24", ["10.102.0.200"]);
        await TakeAsync(a, "s1", "alice", "10.102.0.200");
        IpAllocationResult second = await b.AllocateAsync(new IpAllocationRequest("s2", "alice", IPAddress.Parse("10.102.0.200")));
        Assert.Equal((IpAllocationStatus.StaticAddressInUse, "s1"), (second.Status, second.HolderSessionId));

        await a.ReleaseAsync("s1");
        Assert.Equal(IpLeaseKind.Static, (await TakeAsync(b, "s2", "alice", "10.102.0.200")).Kind);

        // A static address inside a's block that a may hand out fresh is refused to b.
        IpLease fresh = await TakeAsync(a, "s3", "carol");
        string neighbour = Ipv4.ToAddress(Ipv4.ToUInt32(fresh.Address) + 1).ToString();
        Assert.Equal(IpAllocationStatus.StaticAddressInUse, (await b.AllocateAsync(new IpAllocationRequest("s4", "dave", IPAddress.Parse(neighbour)))).Status);
        Assert.Equal(neighbour, (await TakeAsync(a, "s5", "dave", neighbour)).Address.ToString()); // its owner may grant it
    }
}
