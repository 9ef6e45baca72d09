using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Tests.Common;

namespace SstpFarm.ControlPlane.Tests.Contracts;

/// <summary>What every IIpPool must do, whatever stores it (run against each implementation).</summary>
public abstract class IpPoolContractTests
{
    private protected readonly ManualTimeProvider _time = new();

    internal static Ipv4Cidr Cidr(string text) => Ipv4Cidr.TryParse(text, out Ipv4Cidr cidr, out string error) ? cidr : throw new ArgumentException(error);

    /// <summary>A new, empty pool of the implementation under test, on the given clock.</summary>
    protected abstract IIpPool CreatePool(IpPoolDefinition definition, TimeProvider time);

    private IIpPool Pool(string networks, string[]? excluded = null, string[]? statics = null, int cooldownSeconds = 30) =>
        CreatePool(new IpPoolDefinition
        {
            Networks = networks.Split(',').Select(Cidr).ToArray(),
            Excluded = (excluded ?? []).Select(IPAddress.Parse).ToArray(),
            StaticReservations = (statics ?? []).Select(IPAddress.Parse).ToArray(),
            Cooldown = TimeSpan.FromSeconds(cooldownSeconds),
            NodeId = "n1",
        }, _time);

    private static async Task<string> TakeAsync(IIpPool pool, string session, string user, string? staticAddress = null)
    {
        IpAllocationResult result = await pool.AllocateAsync(new IpAllocationRequest(session, user, staticAddress is null ? null : IPAddress.Parse(staticAddress)));
        Assert.Equal(IpAllocationStatus.Allocated, result.Status);
        return result.Lease!.Address.ToString();
    }

    [Fact]
    public async Task SkipsNetworkBroadcastAndExcludedAddressesThenReportsExhausted()
    {
        var pool = Pool("10.0.0.0/29", excluded: ["10.0.0.1"]);
        var got = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            got.Add(await TakeAsync(pool, $"s{i}", $"u{i}"));
        }

        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"], got);
        IpAllocationResult full = await pool.AllocateAsync(new IpAllocationRequest("s9", "u9"));
        Assert.Equal(IpAllocationStatus.Exhausted, full.Status);
        Assert.Null(full.Lease);
    }

    [Fact]
    public async Task SpansSeveralNetworks()
    {
        var pool = Pool("10.0.0.0/30,10.0.1.0/30");
        string[] got = [await TakeAsync(pool, "a", "a"), await TakeAsync(pool, "b", "b"), await TakeAsync(pool, "c", "c"), await TakeAsync(pool, "d", "d")];
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.1.2"], got);
        Assert.Equal(IpAllocationStatus.Exhausted, (await pool.AllocateAsync(new IpAllocationRequest("e", "e"))).Status);
    }

    [Fact]
    public void RejectsOverlappingNetworks() =>
        Assert.ThrowsAny<ArgumentException>(() => Pool("10.0.0.0/24,10.0.0.128/25"));

    [Fact]
    public async Task AllocationIsIdempotentPerSession()
    {
        var pool = Pool("10.0.0.0/24");
        IpAllocationResult first = await pool.AllocateAsync(new IpAllocationRequest("s1", "alice"));
        IpAllocationResult again = await pool.AllocateAsync(new IpAllocationRequest("s1", "alice"));
        Assert.Equal(first.Lease, again.Lease);
        Assert.Equal(1, (await pool.GetUsageAsync()).Leased);
        Assert.Equal("n1", first.Lease!.NodeId);
        Assert.Equal(_time.GetUtcNow(), first.Lease.GrantedAt);
    }

    [Fact]
    public async Task ReleaseOfAnUnknownSessionSaysNotFound()
    {
        var pool = Pool("10.0.0.0/24");
        await TakeAsync(pool, "s1", "alice");
        Assert.Equal(IpReleaseStatus.Released, (await pool.ReleaseAsync("s1")).Status);
        Assert.Equal(IpReleaseStatus.NotFound, (await pool.ReleaseAsync("s1")).Status);
        Assert.Equal(IpReleaseStatus.NotFound, (await pool.ReleaseAsync("nope")).Status);
    }

    [Fact]
    public async Task AUserGetsTheirPreviousAddressBackWhileNobodyElseTookIt()
    {
        var pool = Pool("10.0.0.0/24");
        string alice = await TakeAsync(pool, "s1", "alice");
        await pool.ReleaseAsync("s1");
        await TakeAsync(pool, "s2", "bob");

        IpAllocationResult back = await pool.AllocateAsync(new IpAllocationRequest("s3", "alice"));
        Assert.Equal(alice, back.Lease!.Address.ToString());
        Assert.Equal(IpLeaseKind.Sticky, back.Lease.Kind);
    }

    [Fact]
    public async Task StickinessCanBeDeclined()
    {
        var pool = Pool("10.0.0.0/24");
        string first = await TakeAsync(pool, "s1", "alice");
        await pool.ReleaseAsync("s1");
        IpAllocationResult other = await pool.AllocateAsync(new IpAllocationRequest("s2", "alice", PreferSticky: false));
        Assert.NotEqual(first, other.Lease!.Address.ToString());
        Assert.Equal(IpLeaseKind.Dynamic, other.Lease.Kind);
    }

    [Fact]
    public async Task AnotherUserWaitsForTheCooldownButTheSameUserDoesNot()
    {
        var pool = Pool("10.0.0.0/30"); // .1 and .2
        Assert.Equal("10.0.0.1", await TakeAsync(pool, "s1", "alice"));
        Assert.Equal("10.0.0.2", await TakeAsync(pool, "s2", "bob"));
        await pool.ReleaseAsync("s1");

        IpAllocationResult carol = await pool.AllocateAsync(new IpAllocationRequest("s3", "carol"));
        Assert.Equal(IpAllocationStatus.CoolingDown, carol.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), carol.RetryAfter);
        Assert.Equal(1, (await pool.GetUsageAsync()).CoolingDown);

        _time.Advance(TimeSpan.FromSeconds(29));
        carol = await pool.AllocateAsync(new IpAllocationRequest("s3", "carol"));
        Assert.Equal(IpAllocationStatus.CoolingDown, carol.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), carol.RetryAfter);

        // Alice is not held back by the cooldown of her own address.
        Assert.Equal("10.0.0.1", await TakeAsync(pool, "s4", "alice"));
        await pool.ReleaseAsync("s4");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(IpAllocationStatus.CoolingDown, (await pool.AllocateAsync(new IpAllocationRequest("s3", "carol"))).Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("10.0.0.1", await TakeAsync(pool, "s3", "carol"));
    }

    [Fact]
    public async Task ReuseIsOldestReleasedFirst()
    {
        var pool = Pool("10.0.0.0/29", cooldownSeconds: 0); // .1 .. .6
        for (int i = 1; i <= 6; i++)
        {
            await TakeAsync(pool, $"s{i}", $"u{i}");
        }

        await pool.ReleaseAsync("s4");
        await pool.ReleaseAsync("s2");
        Assert.Equal("10.0.0.4", await TakeAsync(pool, "x", "new1"));
        Assert.Equal("10.0.0.2", await TakeAsync(pool, "y", "new2"));
    }

    [Fact]
    public async Task StaticAddressWinsAndIsNeverHandedOutDynamically()
    {
        var pool = Pool("10.0.0.0/30", statics: ["10.0.0.2"]);
        Assert.Equal("10.0.0.1", await TakeAsync(pool, "s1", "bob"));
        Assert.Equal(IpAllocationStatus.Exhausted, (await pool.AllocateAsync(new IpAllocationRequest("s2", "carol"))).Status);

        IpAllocationResult alice = await pool.AllocateAsync(new IpAllocationRequest("s3", "alice", IPAddress.Parse("10.0.0.2")));
        Assert.Equal(IpLeaseKind.Static, alice.Lease!.Kind);
        Assert.Equal("10.0.0.2", alice.Lease.Address.ToString());

        IpPoolUsage usage = await pool.GetUsageAsync();
        Assert.Equal(new IpPoolUsage(Usable: 2, Leased: 2, CoolingDown: 0, StaticReserved: 1, AvailableNow: 0), usage);
    }

    [Fact]
    public async Task StaticAddressOfAnotherSessionIsReportedWithItsHolder()
    {
        var pool = Pool("10.0.0.0/24");
        await TakeAsync(pool, "old", "alice", "10.0.0.9");
        IpAllocationResult second = await pool.AllocateAsync(new IpAllocationRequest("new", "alice", IPAddress.Parse("10.0.0.9")));
        Assert.Equal(IpAllocationStatus.StaticAddressInUse, second.Status);
        Assert.Equal("old", second.HolderSessionId);
    }

    [Theory]
    [InlineData("10.9.0.5", IpAllocationStatus.StaticAddressOutsidePool)]
    [InlineData("10.0.0.0", IpAllocationStatus.StaticAddressReserved)]
    [InlineData("10.0.0.255", IpAllocationStatus.StaticAddressReserved)]
    [InlineData("10.0.0.1", IpAllocationStatus.StaticAddressReserved)] // the server's own address
    [InlineData("fd00::5", IpAllocationStatus.StaticAddressOutsidePool)]
    public async Task UnusableStaticAddressesAreRefused(string address, IpAllocationStatus expected)
    {
        var pool = Pool("10.0.0.0/24", excluded: ["10.0.0.1"]);
        Assert.Equal(expected, (await pool.AllocateAsync(new IpAllocationRequest("s", "alice", IPAddress.Parse(address)))).Status);
    }

    [Fact]
    public async Task StaticAddressLastHeldByAnotherUserWaitsForTheCooldown()
    {
        var pool = Pool("10.0.0.0/24");
        await TakeAsync(pool, "s1", "bob", "10.0.0.7");
        await pool.ReleaseAsync("s1");
        Assert.Equal(IpAllocationStatus.CoolingDown, (await pool.AllocateAsync(new IpAllocationRequest("s2", "alice", IPAddress.Parse("10.0.0.7")))).Status);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("10.0.0.7", await TakeAsync(pool, "s2", "alice", "10.0.0.7"));
    }

    [Fact]
    public async Task StickyAddressTakenByAStaticUserIsNotReturnedTwice()
    {
        var pool = Pool("10.0.0.0/24", cooldownSeconds: 0);
        string alice = await TakeAsync(pool, "s1", "alice");
        await pool.ReleaseAsync("s1");
        await TakeAsync(pool, "s2", "bob", alice);
        IpAllocationResult again = await pool.AllocateAsync(new IpAllocationRequest("s3", "alice"));
        Assert.NotEqual(alice, again.Lease!.Address.ToString());
    }

    [Fact]
    public async Task LeasesAreListedAndFoundByAddress()
    {
        var pool = Pool("10.0.0.0/24");
        await TakeAsync(pool, "s2", "bob");
        await TakeAsync(pool, "s1", "alice", "10.0.0.200");
        IReadOnlyList<IpLease> leases = await pool.GetLeasesAsync();
        Assert.Equal(["s2", "s1"], leases.Select(l => l.SessionId));
        Assert.Equal("alice", (await pool.FindLeaseAsync(IPAddress.Parse("10.0.0.200")))!.UserName);
        Assert.Null(await pool.FindLeaseAsync(IPAddress.Parse("10.0.0.3")));
    }
}
