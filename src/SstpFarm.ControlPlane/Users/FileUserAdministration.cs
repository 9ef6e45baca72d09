namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// The operator API's user edits on a single node: read-modify-write of the user file under its
/// lock (<see cref="UserFile.Update"/>, the same path as `sstpfarm users add/remove`), then an
/// immediate <see cref="FileUserStore.Reload"/> so authentication sees the edit when the call
/// returns, without waiting for the file watcher. An invalid or unwritable file answers
/// <see cref="UserChange.Unavailable"/> (nothing changed), never an exception.
/// </summary>
public sealed class FileUserAdministration : IUserAdministration
{
    private readonly FileUserStore _store;

    public FileUserAdministration(FileUserStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    public string Path => _store.Path;

    /// <summary>Reads the file (not the store's snapshot): it shows edits made with the CLI too.</summary>
    public ValueTask<UserListResult> ListAsync(CancellationToken cancellationToken = default)
    {
        UserFileLoadResult loaded = UserFile.Load(Path);
        return new(loaded.Status == UserFileStatus.Invalid
            ? new UserListResult(false, null)
            : new UserListResult(true, [.. loaded.Database.Users]));
    }

    public ValueTask<UserEditResult> AddAsync(LocalUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return EditAsync(user.Name, db => (db.TryAdd(user, out UserDatabase after), after), cancellationToken);
    }

    public ValueTask<UserEditResult> SetSecretAsync(string name, ReadOnlyMemory<byte> ntHash, string? reversibleSecret, CancellationToken cancellationToken = default)
    {
        if (ntHash.Length != LocalUser.NtHashLength)
        {
            throw new ArgumentException($"an NT hash is {LocalUser.NtHashLength} bytes, not {ntHash.Length}", nameof(ntHash));
        }

        return EditAsync(name, db => (db.TrySetSecret(name, ntHash.Span, reversibleSecret, out UserDatabase after), after), cancellationToken);
    }

    public ValueTask<UserEditResult> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        EditAsync(name, db => (db.TryRemove(name, out UserDatabase after), after), cancellationToken);

    // UserFile.Update may wait on the file lock (another writer): off the caller's thread.
    private async ValueTask<UserEditResult> EditAsync(string name, Func<UserDatabase, (UserChange, UserDatabase)> edit, CancellationToken cancellationToken)
    {
        UserDatabase? after = null;
        (UserFileLoadResult? Failed, UserChange Change) outcome;
        try
        {
            outcome = await Task.Run(
                () => UserFile.Update(Path, db =>
                {
                    (UserChange change, UserDatabase result) = edit(db);
                    after = result;
                    return (change, result);
                }),
                cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UserEditResult(UserChange.Unavailable, null);
        }

        if (outcome.Failed is not null)
        {
            return new UserEditResult(UserChange.Unavailable, null);
        }

        if (outcome.Change != UserChange.Done)
        {
            return new UserEditResult(outcome.Change, null);
        }

        _store.Reload();
        return new UserEditResult(UserChange.Done, after!.TryFind(name, out LocalUser? user) ? user : null);
    }
}
