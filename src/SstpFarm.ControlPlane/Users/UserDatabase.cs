using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace SstpFarm.ControlPlane.Users;

/// <summary>An immutable snapshot of the local users; edits return a new snapshot.</summary>
public sealed class UserDatabase : IUserStore
{
    public static readonly UserDatabase Empty = new(ImmutableSortedDictionary.Create<string, LocalUser>(UserNames.Comparer));

    private readonly ImmutableSortedDictionary<string, LocalUser> _users;

    private UserDatabase(ImmutableSortedDictionary<string, LocalUser> users) => _users = users;

    public int Count => _users.Count;

    /// <summary>Users sorted by name (ordinal).</summary>
    public IEnumerable<LocalUser> Users => _users.Values;

    public bool TryFind(string name, [NotNullWhen(true)] out LocalUser? user) => _users.TryGetValue(name, out user);

    public UserChange TryAdd(LocalUser user, out UserDatabase result)
    {
        ArgumentNullException.ThrowIfNull(user);
        result = this;
        if (_users.ContainsKey(user.Name))
        {
            return UserChange.AlreadyExists;
        }

        if (_users.Keys.Any(n => string.Equals(n, user.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return UserChange.ExistsWithDifferentCase;
        }

        if (user.StaticAddress is not null && _users.Values.Any(u => user.StaticAddress.Equals(u.StaticAddress)))
        {
            return UserChange.StaticAddressTaken;
        }

        result = new UserDatabase(_users.Add(user.Name, user));
        return UserChange.Done;
    }

    /// <summary>Replaces a user's NT hash and reversible secret; the static address stays.</summary>
    public UserChange TrySetSecret(string name, ReadOnlySpan<byte> ntHash, string? reversibleSecret, out UserDatabase result)
    {
        result = this;
        if (!_users.TryGetValue(name, out LocalUser? current))
        {
            return UserChange.NotFound;
        }

        result = new UserDatabase(_users.SetItem(name, new LocalUser(name, ntHash, current.StaticAddress, reversibleSecret)));
        return UserChange.Done;
    }

    public UserChange TryRemove(string name, out UserDatabase result)
    {
        result = this;
        if (!_users.ContainsKey(name))
        {
            return UserChange.NotFound;
        }

        result = new UserDatabase(_users.Remove(name));
        return UserChange.Done;
    }
}
