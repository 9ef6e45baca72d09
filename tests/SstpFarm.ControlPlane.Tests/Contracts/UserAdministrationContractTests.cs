using System.Net;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.ControlPlane.Tests.Contracts;

/// <summary>What every IUserAdministration must do, and what authentication then sees (run against each implementation).</summary>
public abstract class UserAdministrationContractTests
{
    private protected static readonly byte[] HashA = Convert.FromHexString("44EBBA8D5312B8D611474411F56989AE");
    private protected static readonly byte[] HashB = Convert.FromHexString("8846F7EAEE8FB117AD06BDD830B7586C");

    /// <summary>
    /// One node of the deployment under test: its administration and the store its authentication
    /// reads. Every call in a test is another node sharing the same users.
    /// </summary>
    protected abstract Task<(IUserAdministration Admin, IUserStore Store)> CreateNodeAsync();

    [Fact]
    public async Task AddsListsAndAuthenticationSeesTheUserOnReturn()
    {
        (IUserAdministration admin, IUserStore store) = await CreateNodeAsync();
        UserEditResult added = await admin.AddAsync(new LocalUser("bob", HashA, IPAddress.Parse("10.0.0.5"), "secret"));
        Assert.Equal(UserChange.Done, added.Change);
        Assert.Equal("bob", added.User!.Name);
        Assert.Equal(UserChange.Done, (await admin.AddAsync(new LocalUser("alice", HashB))).Change);

        Assert.True(store.TryFind("bob", out LocalUser? bob));
        Assert.Equal(HashA, bob.NtHash.ToArray());
        Assert.Equal(IPAddress.Parse("10.0.0.5"), bob.StaticAddress);
        Assert.Equal("secret", bob.ReversibleSecret);
        Assert.Equal(2, store.Count);

        UserListResult list = await admin.ListAsync();
        Assert.True(list.Available);
        Assert.Equal(["alice", "bob"], list.Users!.Select(u => u.Name));
        Assert.Null(list.Users![0].StaticAddress);
        Assert.Null(list.Users![0].ReversibleSecret);
        Assert.Equal(HashB, list.Users![0].NtHash.ToArray());
    }

    [Fact]
    public async Task RefusesDuplicatesCaseVariantsAndTakenStaticAddresses()
    {
        (IUserAdministration admin, IUserStore store) = await CreateNodeAsync();
        await admin.AddAsync(new LocalUser("alice", HashA, IPAddress.Parse("10.0.0.5")));

        Assert.Equal(new UserEditResult(UserChange.AlreadyExists, null), await admin.AddAsync(new LocalUser("alice", HashB)));
        Assert.Equal(new UserEditResult(UserChange.ExistsWithDifferentCase, null), await admin.AddAsync(new LocalUser("ALICE", HashB)));
        Assert.Equal(new UserEditResult(UserChange.StaticAddressTaken, null), await admin.AddAsync(new LocalUser("bob", HashB, IPAddress.Parse("10.0.0.5"))));
        Assert.True(store.TryFind("alice", out LocalUser? alice));
        Assert.Equal(HashA, alice.NtHash.ToArray());
        Assert.False(store.TryFind("bob", out _));
        Assert.Single((await admin.ListAsync()).Users!);
    }

    [Fact]
    public async Task SetSecretReplacesTheHashAndKeepsTheStaticAddress()
    {
        (IUserAdministration admin, IUserStore store) = await CreateNodeAsync();
        await admin.AddAsync(new LocalUser("alice", HashA, IPAddress.Parse("10.0.0.5"), "old"));

        UserEditResult changed = await admin.SetSecretAsync("alice", HashB, null);
        Assert.Equal(UserChange.Done, changed.Change);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), changed.User!.StaticAddress);
        Assert.True(store.TryFind("alice", out LocalUser? alice));
        Assert.Equal(HashB, alice.NtHash.ToArray());
        Assert.Null(alice.ReversibleSecret);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), alice.StaticAddress);

        Assert.Equal(UserChange.NotFound, (await admin.SetSecretAsync("Alice", HashB, null)).Change);
        Assert.Equal(UserChange.NotFound, (await admin.SetSecretAsync("nobody", HashB, "x")).Change);
    }

    [Fact]
    public async Task RemoveEndsAuthenticationAndFreesTheNameAndAddress()
    {
        (IUserAdministration admin, IUserStore store) = await CreateNodeAsync();
        await admin.AddAsync(new LocalUser("alice", HashA, IPAddress.Parse("10.0.0.5")));

        Assert.Equal(new UserEditResult(UserChange.Done, null), await admin.RemoveAsync("alice"));
        Assert.False(store.TryFind("alice", out _));
        Assert.Equal(UserChange.NotFound, (await admin.RemoveAsync("alice")).Change);
        Assert.Equal(UserChange.Done, (await admin.AddAsync(new LocalUser("ALICE", HashB, IPAddress.Parse("10.0.0.5")))).Change);
        Assert.Equal(["ALICE"], (await admin.ListAsync()).Users!.Select(u => u.Name));
    }

    [Fact]
    public async Task ConcurrentAddsOfOneNameOnTwoNodesHaveExactlyOneWinner()
    {
        (IUserAdministration a, _) = await CreateNodeAsync();
        (IUserAdministration b, _) = await CreateNodeAsync();
        for (int round = 0; round < 10; round++)
        {
            // Same name (once with another spelling), and two names with one static address.
            string name = $"user{round}";
            string rival = round % 2 == 0 ? name : name.ToUpperInvariant();
            UserEditResult[] results = await Task.WhenAll(
                Task.Run(async () => await a.AddAsync(new LocalUser(name, HashA))),
                Task.Run(async () => await b.AddAsync(new LocalUser(rival, HashB))));
            Assert.Single(results, r => r.Change == UserChange.Done);
            Assert.Single(results, r => r.Change is UserChange.AlreadyExists or UserChange.ExistsWithDifferentCase);

            IPAddress address = IPAddress.Parse($"10.1.0.{round + 1}");
            results = await Task.WhenAll(
                Task.Run(async () => await a.AddAsync(new LocalUser($"left{round}", HashA, address))),
                Task.Run(async () => await b.AddAsync(new LocalUser($"right{round}", HashB, address))));
            Assert.Single(results, r => r.Change == UserChange.Done);
            Assert.Single(results, r => r.Change == UserChange.StaticAddressTaken);
        }

        Assert.Equal(20, (await a.ListAsync()).Users!.Count);
    }

    [Fact]
    public async Task ConcurrentAddsOfDifferentNamesOnTwoNodesAreAllKept()
    {
        (IUserAdministration a, _) = await CreateNodeAsync();
        (IUserAdministration b, _) = await CreateNodeAsync();
        UserEditResult[] results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? a : b).AddAsync(new LocalUser($"u{i:D2}", HashA)))));

        Assert.All(results, r => Assert.Equal(UserChange.Done, r.Change));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"u{i:D2}"), (await b.ListAsync()).Users!.Select(u => u.Name));
    }
}
