namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// Edits of the user database for the operator API — the node's user file
/// when embedded, the shared store in a farm. Every node's authentication (<see cref="IUserStore"/>)
/// sees an edit soon after it returns; sessions already up are not ended by an edit.
/// </summary>
public interface IUserAdministration
{
    /// <summary>Users sorted by name (ordinal).</summary>
    ValueTask<UserListResult> ListAsync(CancellationToken cancellationToken = default);

    ValueTask<UserEditResult> AddAsync(LocalUser user, CancellationToken cancellationToken = default);

    /// <summary>Replaces the user's NT hash (and reversible secret); the static address stays.</summary>
    ValueTask<UserEditResult> SetSecretAsync(string name, ReadOnlyMemory<byte> ntHash, string? reversibleSecret, CancellationToken cancellationToken = default);

    ValueTask<UserEditResult> RemoveAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of an edit; <see cref="User"/> is the user after it (null when removed or not done).</summary>
/// <param name="Change">What happened; <see cref="UserChange.Unavailable"/> when the store could not be reached.</param>
/// <param name="User">The user after the edit.</param>
public readonly record struct UserEditResult(UserChange Change, LocalUser? User);

/// <summary>The users, or null with <see cref="Available"/> false when the store could not be reached.</summary>
public readonly record struct UserListResult(bool Available, IReadOnlyList<LocalUser>? Users);
