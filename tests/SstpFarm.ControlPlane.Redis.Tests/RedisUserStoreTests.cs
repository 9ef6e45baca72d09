using System.Net;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Redis.Users;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>The farm's users beyond the contract: replication to other nodes, outages, seeding from the node's file.</summary>
public sealed class RedisUserStoreTests : IAsyncLifetime
{
    /// <summary>How long another node may take to see an edit (a notice makes it milliseconds; this is the failure bound).</summary>
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    private static readonly byte[] Hash = Convert.FromHexString("44EBBA8D5312B8D611474411F56989AE");
    private readonly string _prefix = "u" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<IAsyncDisposable> _owned = [];
    private RedisProcess _server = null!;

    public async Task InitializeAsync() => _server = await RedisProcess.StartServerAsync();

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AnEditOnOneNodeReachesTheOtherNodesReplica()
    {
        RedisUserStore a = await NodeAsync();
        RedisUserStore b = await NodeAsync(refresh: TimeSpan.FromHours(1)); // only the notice can bring it

        Assert.Equal(UserChange.Done, (await a.AddAsync(new LocalUser("alice", Hash, IPAddress.Parse("10.0.0.5")))).Change);
        LocalUser alice = await EventuallyAsync(() => b.TryFind("alice", out LocalUser? u) ? u : null);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), alice.StaticAddress);

        Assert.Equal(UserChange.Done, (await a.RemoveAsync("alice")).Change);
        await EventuallyAsync(() => b.TryFind("alice", out _) ? null : "gone");
    }

    [Fact]
    public async Task TheReplicaKeepsAuthenticatingWhileRedisIsDownAndCatchesUpAfter()
    {
        RedisUserStore a = await NodeAsync();
        RedisUserStore b = await NodeAsync();
        await a.AddAsync(new LocalUser("alice", Hash));
        await EventuallyAsync(() => b.TryFind("alice", out LocalUser? u) ? u : null);

        _server.Kill();
        Assert.True(b.TryFind("alice", out _));
        Assert.True(a.TryFind("alice", out _));
        Assert.Equal(new UserEditResult(UserChange.Unavailable, null), await a.AddAsync(new LocalUser("bob", Hash)));
        Assert.Equal(new UserEditResult(UserChange.Unavailable, null), await a.RemoveAsync("alice"));
        Assert.False((await a.ListAsync()).Available);
        Assert.False(await b.RefreshAsync());
        Assert.True(b.TryFind("alice", out _)); // a failed refresh keeps the replica

        await _server.RestartAsync();
        UserEditResult added = default;
        for (int i = 0; i < 100 && (added = await a.AddAsync(new LocalUser("bob", Hash))).Change == UserChange.Unavailable; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(UserChange.Done, added.Change);
        await EventuallyAsync(() => b.TryFind("bob", out LocalUser? u) ? u : null);
        Assert.True(b.TryFind("alice", out _));
    }

    [Fact]
    public async Task TheFirstNodesFileSeedsANewFarmOnlyOnce()
    {
        UserDatabase first = Users(new LocalUser("alice", Hash, IPAddress.Parse("10.0.0.5")), new LocalUser("bob", Hash, reversibleSecret: "pw"));
        RedisUserStore a = await NodeAsync(file: first);
        Assert.Equal(UserSeedStatus.Imported, a.SeedStatus);
        Assert.Equal(2, a.Count);

        RedisUserStore b = await NodeAsync(file: Users(new LocalUser("mallory", Hash)));
        Assert.Equal(UserSeedStatus.FarmHasUsers, b.SeedStatus);
        Assert.False(b.TryFind("mallory", out _));
        Assert.True(b.TryFind("bob", out LocalUser? bob));
        Assert.Equal("pw", bob.ReversibleSecret);
        Assert.Equal(UserChange.StaticAddressTaken, (await b.AddAsync(new LocalUser("carol", Hash, IPAddress.Parse("10.0.0.5")))).Change); // imported indexes hold
        Assert.Equal(UserChange.ExistsWithDifferentCase, (await b.AddAsync(new LocalUser("Alice", Hash))).Change);

        // Emptied on purpose: a restarting node does not bring its file's users back.
        await a.RemoveAsync("alice");
        await a.RemoveAsync("bob");
        RedisUserStore c = await NodeAsync(file: first);
        Assert.Equal(UserSeedStatus.FarmHasUsers, c.SeedStatus);
        Assert.Equal(0, c.Count);
    }

    [Fact]
    public async Task ANodeStartedDuringAnOutageServesItsFileUntilRedisAnswers()
    {
        await NodeAsync(file: Users(new LocalUser("alice", Hash)));
        _server.Kill();

        RedisUserStore cold = await NodeAsync(file: Users(new LocalUser("bob", Hash)));
        Assert.Equal(UserSeedStatus.Pending, cold.SeedStatus);
        Assert.False(cold.Loaded);
        Assert.True(cold.TryFind("bob", out _));

        await _server.RestartAsync();
        for (int i = 0; i < 100 && !await cold.RefreshAsync(); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(UserSeedStatus.FarmHasUsers, cold.SeedStatus);
        Assert.True(cold.TryFind("alice", out _));
        Assert.False(cold.TryFind("bob", out _));
    }

    [Fact]
    public async Task UsersRedisLostArePutBackFromAReplica()
    {
        RedisUserStore a = await NodeAsync();
        RedisUserStore b = await NodeAsync();
        await a.AddAsync(new LocalUser("alice", Hash, IPAddress.Parse("10.0.0.5")));
        await EventuallyAsync(() => b.TryFind("alice", out LocalUser? u) ? u : null);

        Assert.Equal("OK", await Resp.CommandAsync(_server.Port, "FLUSHALL"));
        Assert.True(await b.RefreshAsync());
        Assert.True(b.TryFind("alice", out _));
        Assert.Equal(["alice"], (await a.ListAsync()).Users!.Select(u => u.Name));
        Assert.Equal(UserChange.StaticAddressTaken, (await a.AddAsync(new LocalUser("bob", Hash, IPAddress.Parse("10.0.0.5")))).Change);
    }

    private async Task<RedisUserStore> NodeAsync(UserDatabase? file = null, TimeSpan? refresh = null)
    {
        RedisConnection connection = await RedisConnection.ConnectAsync(new RedisConnectionOptions { EndPoints = [new DnsEndPoint("127.0.0.1", _server.Port)], KeyPrefix = _prefix });
        _owned.Add(connection);
        var store = new RedisUserStore(connection, TimeProvider.System, file) { RefreshInterval = refresh ?? RedisUserStore.DefaultRefreshInterval };
        _owned.Add(store);
        await store.StartAsync();
        return store;
    }

    private static UserDatabase Users(params LocalUser[] users)
    {
        UserDatabase db = UserDatabase.Empty;
        foreach (LocalUser user in users)
        {
            Assert.Equal(UserChange.Done, db.TryAdd(user, out db));
        }

        return db;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        using var deadline = new CancellationTokenSource(Propagation);
        while (true)
        {
            if (probe() is T found)
            {
                return found;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
