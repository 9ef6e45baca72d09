using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Host.Reload;

namespace SstpFarm.Host.Tests.Reload;

public sealed class UsersReloaderTests : IDisposable
{
    private readonly Sandbox _box = new();
    private readonly RecordingLogger _log = new();

    public void Dispose() => _box.Dispose();

    /// <summary>A users file with these names (all with the NT hash of "password").</summary>
    internal static string UsersJson(params string[] names) =>
        $$"""{ "version": 1, "users": [{{string.Join(", ", names.Select(n => $$"""{ "name": "{{n}}", "ntHash": "8846F7EAEE8FB117AD06BDD830B7586C" }"""))}}] }""";

    internal static FileUserStore OpenStore(string path)
    {
        FileUserStore? store = FileUserStore.Open(path, out UserFileLoadResult result);
        Assert.True(store is not null, result.Error);
        return store;
    }

    private string WriteUsers(string json)
    {
        string path = _box.WriteFile("users.json", json);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public void AnEditedFileIsLoadedAndItsCountLogged()
    {
        FileUserStore store = OpenStore(WriteUsers(UsersJson("alice")));
        var reloader = new UsersReloader(store, _log);

        WriteUsers(UsersJson("alice", "bob"));
        UserFileLoadResult result = reloader.Reload(ReloadTrigger.FileChange);

        Assert.Equal(UserFileStatus.Loaded, result.Status);
        Assert.True(store.TryFind("bob", out _));
        RecordingLogger.Entry entry = Assert.Single(_log.Named("UsersReloaded"));
        Assert.Equal(5120, entry.Id);
        Assert.Contains("2 users", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadFileKeepsTheLastGoodUsersAndSaysWhy()
    {
        FileUserStore store = OpenStore(WriteUsers(UsersJson("alice")));
        var reloader = new UsersReloader(store, _log);

        WriteUsers("""{ "version": 1, "users": [ { "name": "bob" """);
        UserFileLoadResult result = reloader.Reload(ReloadTrigger.FileChange);

        Assert.Equal(UserFileStatus.Invalid, result.Status);
        Assert.True(store.TryFind("alice", out _));
        RecordingLogger.Entry entry = Assert.Single(_log.Named("UsersRejected"));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("is not valid JSON", entry.Message, StringComparison.Ordinal);
        Assert.Contains("keeping the last good 1 users", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALooseFileModeIsWarnedAbout()
    {
        string path = WriteUsers(UsersJson("alice"));
        var reloader = new UsersReloader(OpenStore(path), _log);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        reloader.Reload(ReloadTrigger.Signal);

        Assert.Contains("chmod 600", Assert.Single(_log.Named("UsersWarning")).Message, StringComparison.Ordinal);
    }
}
