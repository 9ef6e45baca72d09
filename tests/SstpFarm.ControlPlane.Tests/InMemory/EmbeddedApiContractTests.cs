using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Contracts;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.ControlPlane.Tests.InMemory;

// The operator API's contracts (issue 5) against the single-node implementations.

public sealed class InMemorySessionEventFeedTests : SessionEventFeedContractTests
{
    private InMemorySessionRegistry? _registry;

    // One node only: every "node" is the same registry and feed.
    protected override Task<(ISessionRegistry Registry, ISessionEventFeed Feed)> CreateNodeAsync(string nodeId, TimeProvider time)
    {
        _registry ??= new InMemorySessionRegistry(time);
        return Task.FromResult<(ISessionRegistry, ISessionEventFeed)>((_registry, _registry.Events));
    }
}

/// <summary>Every "node" is another store and administration over the same user file (as two processes on one host).</summary>
public sealed class FileUserAdministrationTests : UserAdministrationContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sstpfarm-useradmin-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    protected override Task<(IUserAdministration Admin, IUserStore Store)> CreateNodeAsync()
    {
        FileUserStore store = FileUserStore.Open(Path.Combine(_directory, "users.json"), out _)!;
        return Task.FromResult<(IUserAdministration, IUserStore)>((new FileUserAdministration(store), store));
    }

    [Fact]
    public async Task AnInvalidFileAnswersUnavailableAndIsLeftAlone()
    {
        (IUserAdministration admin, IUserStore store) = await CreateNodeAsync();
        string path = Path.Combine(_directory, "users.json");
        await File.WriteAllTextAsync(path, "{ not json");

        Assert.Equal(new UserEditResult(UserChange.Unavailable, null), await admin.AddAsync(new LocalUser("alice", HashA)));
        Assert.Equal(new UserEditResult(UserChange.Unavailable, null), await admin.RemoveAsync("alice"));
        Assert.False((await admin.ListAsync()).Available);
        Assert.Equal("{ not json", await File.ReadAllTextAsync(path));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task EditsAreWhatTheCommandLineReads()
    {
        (IUserAdministration admin, _) = await CreateNodeAsync();
        await admin.AddAsync(new LocalUser("alice", HashA));
        await admin.SetSecretAsync("alice", HashB, "pw");

        UserFileLoadResult loaded = UserFile.Load(Path.Combine(_directory, "users.json"));
        Assert.Equal(UserFileStatus.Loaded, loaded.Status);
        Assert.True(loaded.Database.TryFind("alice", out LocalUser? alice));
        Assert.Equal(HashB, alice.NtHash.ToArray());
        Assert.Equal("pw", alice.ReversibleSecret);
    }
}
