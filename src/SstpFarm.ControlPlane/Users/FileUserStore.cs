using System.Diagnostics.CodeAnalysis;

namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// The user file as the data plane sees it: a snapshot that <see cref="Reload"/> replaces only when
/// the file is valid, so a broken edit keeps the last good users in force (fail fast at start,
/// keep the last good snapshot on a bad reload).
/// </summary>
public sealed class FileUserStore : IUserStore
{
    private volatile UserDatabase _current;

    private FileUserStore(string path, UserDatabase initial)
    {
        Path = path;
        _current = initial;
    }

    public string Path { get; }

    public UserDatabase Current => _current;

    public int Count => _current.Count;

    /// <summary>Loads the file for the first time; null with the load result when it is invalid.</summary>
    public static FileUserStore? Open(string path, out UserFileLoadResult result)
    {
        result = UserFile.Load(path);
        return result.Status == UserFileStatus.Invalid ? null : new FileUserStore(path, result.Database);
    }

    public bool TryFind(string name, [NotNullWhen(true)] out LocalUser? user) => _current.TryFind(name, out user);

    public UserFileLoadResult Reload()
    {
        UserFileLoadResult result = UserFile.Load(Path);
        if (result.Status != UserFileStatus.Invalid)
        {
            _current = result.Database;
        }

        return result;
    }
}
