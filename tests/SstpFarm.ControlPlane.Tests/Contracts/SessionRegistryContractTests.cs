using System.Net;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Common;

namespace SstpFarm.ControlPlane.Tests.Contracts;

/// <summary>What every ISessionRegistry must do (run against each implementation).</summary>
public abstract class SessionRegistryContractTests
{
    private protected readonly ManualTimeProvider _time = new();

    protected abstract ISessionRegistry CreateRegistry(TimeProvider time);

    private SessionRecord Session(string id, string user, string node, string? address) =>
        new(id, user, node, address is null ? null : IPAddress.Parse(address), new IPEndPoint(IPAddress.Parse("198.51.100.7"), 50000), _time.GetUtcNow());

    [Fact]
    public async Task RegistersAndQueriesByUserNodeAndAddress()
    {
        var registry = CreateRegistry(_time);
        Assert.Equal(SessionRegistryStatus.Done, await registry.RegisterAsync(Session("s1", "alice", "n1", "10.0.0.2")));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SessionRegistryStatus.Done, await registry.RegisterAsync(Session("s2", "alice", "n2", "10.0.0.3")));
        Assert.Equal(SessionRegistryStatus.Done, await registry.RegisterAsync(Session("s3", "bob", "n1", null)));

        Assert.Equal(["s1", "s2"], (await registry.FindByUserAsync("alice")).Select(s => s.SessionId));
        Assert.Empty(await registry.FindByUserAsync("Alice"));
        Assert.Equal(["s1", "s3"], (await registry.FindByNodeAsync("n1")).Select(s => s.SessionId));
        Assert.Equal("s2", (await registry.FindByAddressAsync(IPAddress.Parse("10.0.0.3")))!.SessionId);
        Assert.Equal(3, (await registry.ListAsync()).Count);
    }

    [Fact]
    public async Task RefusesDuplicatesAndAddressConflicts()
    {
        var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Session("s1", "alice", "n1", "10.0.0.2"));
        Assert.Equal(SessionRegistryStatus.AlreadyRegistered, await registry.RegisterAsync(Session("s1", "bob", "n1", null)));
        Assert.Equal(SessionRegistryStatus.AddressConflict, await registry.RegisterAsync(Session("s2", "bob", "n1", "10.0.0.2")));
        await registry.RegisterAsync(Session("s3", "carol", "n1", null));
        Assert.Equal(SessionRegistryStatus.AddressConflict, await registry.UpdateAddressAsync("s3", IPAddress.Parse("10.0.0.2")));
        Assert.Null(await registry.GetAsync("s2"));
    }

    [Fact]
    public async Task UpdatesCountersAndAddressAndUnregisters()
    {
        var registry = CreateRegistry(_time);
        await registry.RegisterAsync(Session("s1", "alice", "n1", null));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SessionRegistryStatus.Done, await registry.UpdateTrafficAsync("s1", 100, 200));
        Assert.Equal(SessionRegistryStatus.Done, await registry.UpdateTrafficAsync("s1", 100, 200)); // absolute: a retry changes nothing
        Assert.Equal(SessionRegistryStatus.Done, await registry.UpdateAddressAsync("s1", IPAddress.Parse("10.0.0.9")));

        SessionRecord record = (await registry.GetAsync("s1"))!;
        Assert.Equal((100, 200), (record.BytesIn, record.BytesOut));
        Assert.Equal(_time.GetUtcNow(), record.UpdatedAt);
        Assert.Equal("s1", (await registry.FindByAddressAsync(IPAddress.Parse("10.0.0.9")))!.SessionId);

        Assert.Equal(SessionRegistryStatus.Done, await registry.UnregisterAsync("s1"));
        Assert.Null(await registry.FindByAddressAsync(IPAddress.Parse("10.0.0.9")));
        Assert.Equal(SessionRegistryStatus.NotFound, await registry.UnregisterAsync("s1"));
        Assert.Equal(SessionRegistryStatus.NotFound, await registry.UpdateTrafficAsync("s1", 1, 1));
        Assert.Equal(SessionRegistryStatus.NotFound, await registry.UpdateAddressAsync("s1", IPAddress.Parse("10.0.0.9")));
    }
}
