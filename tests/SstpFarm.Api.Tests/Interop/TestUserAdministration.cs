using SstpFarm.ControlPlane.Users;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>Users in memory over <see cref="UserDatabase"/>, with a switch that makes the store unreachable.</summary>
internal sealed class TestUserAdministration : IUserAdministration
{
    private readonly Lock _gate = new();
    private UserDatabase _database = UserDatabase.Empty;

    public bool Unavailable { get; set; }

    /// <summary>Makes ListAsync fail with an unexpected exception (a bug, as far as the API knows).</summary>
    public bool Broken { get; set; }

    public UserDatabase Current => _database;

    public ValueTask<UserListResult> ListAsync(CancellationToken cancellationToken = default) =>
        Broken ? throw new InvalidOperationException("secret detail: disk /dev/sdz1 on fire") : new(Unavailable ? new UserListResult(false, null) : new UserListResult(true, [.. _database.Users]));

    public ValueTask<UserEditResult> AddAsync(LocalUser user, CancellationToken cancellationToken = default) =>
        new(Edit(db => (db.TryAdd(user, out UserDatabase next), next), user.Name));

    public ValueTask<UserEditResult> SetSecretAsync(string name, ReadOnlyMemory<byte> ntHash, string? reversibleSecret, CancellationToken cancellationToken = default) =>
        new(Edit(db =>
        {
            if (!db.TryFind(name, out LocalUser? old))
            {
                return (UserChange.NotFound, db);
            }

            db.TryRemove(name, out UserDatabase without);
            return (without.TryAdd(new LocalUser(name, ntHash.Span, old.StaticAddress, reversibleSecret), out UserDatabase next), next);
        }, name));

    public ValueTask<UserEditResult> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        new(Edit(db => (db.TryRemove(name, out UserDatabase next), next), null));

    private UserEditResult Edit(Func<UserDatabase, (UserChange, UserDatabase)> edit, string? name)
    {
        if (Unavailable)
        {
            return new UserEditResult(UserChange.Unavailable, null);
        }

        lock (_gate)
        {
            (UserChange change, UserDatabase next) = edit(_database);
            _database = next;
            return new UserEditResult(change, change == UserChange.Done && name is not null && next.TryFind(name, out LocalUser? user) ? user : null);
        }
    }
}
