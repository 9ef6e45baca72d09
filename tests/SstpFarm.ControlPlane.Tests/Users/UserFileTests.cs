using System.Net;
using System.Text;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.ControlPlane.Tests.Users;

public sealed class UserFileTests : IDisposable
{
    private static readonly byte[] ClientPassHash = Convert.FromHexString("44EBBA8D5312B8D611474411F56989AE");
    private readonly string _directory = Directory.CreateTempSubdirectory("sstpfarm-users-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static UserDatabase With(params LocalUser[] users)
    {
        UserDatabase db = UserDatabase.Empty;
        foreach (LocalUser user in users)
        {
            Assert.Equal(UserChange.Done, db.TryAdd(user, out db));
        }

        return db;
    }

    [Fact]
    public void RoundTripsThroughAnOwnerOnlyFile()
    {
        string path = PathOf("users.json");
        UserFile.Save(path, With(
            new LocalUser("alice", ClientPassHash, IPAddress.Parse("10.0.0.5")),
            new LocalUser("bob", ClientPassHash, reversibleSecret: "clientPass")));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        UserFileLoadResult loaded = UserFile.Load(path);
        Assert.Equal(UserFileStatus.Loaded, loaded.Status);
        Assert.Empty(loaded.Warnings);
        Assert.True(loaded.Database.TryFind("alice", out LocalUser? alice));
        Assert.Equal(ClientPassHash, alice.NtHash.ToArray());
        Assert.Equal(IPAddress.Parse("10.0.0.5"), alice.StaticAddress);
        Assert.Null(alice.ReversibleSecret);
        Assert.True(loaded.Database.TryFind("bob", out LocalUser? bob));
        Assert.Equal("clientPass", bob.ReversibleSecret);

        string text = File.ReadAllText(path);
        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);
        Assert.Contains("44EBBA8D5312B8D611474411F56989AE", text, StringComparison.Ordinal);
        Assert.Contains("/* reversibleSecret: the password in the clear", text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(text, "clientPass")); // only where reversibly stored on purpose
        Assert.DoesNotContain(Directory.GetFiles(_directory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingFileIsAnEmptyDatabase()
    {
        UserFileLoadResult loaded = UserFile.Load(PathOf("absent.json"));
        Assert.Equal(UserFileStatus.Missing, loaded.Status);
        Assert.Equal(0, loaded.Database.Count);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object with \"version\" and \"users\"")]
    [InlineData("{\"users\": []}", "has no \"version\" field")]
    [InlineData("{\"version\": 2, \"users\": []}", "has version 2; this sstpfarm reads version 1")]
    [InlineData("{\"version\": 1, \"user\": []}", "has an unknown field \"user\" (known: version, users)")]
    [InlineData("{\"version\": 1}", "needs a \"users\" array")]
    [InlineData("{\"version\": 1, \"users\": [{\"name\": \"a\", \"ntHash\": \"00\"}]}", "user #1: 'a': ntHash must be 32 hex digits")]
    [InlineData("{\"version\": 1, \"users\": [{\"name\": \"a\", \"nthash\": \"00\"}]}", "user #1: unknown field \"nthash\" (known: name, ntHash, staticAddress, reversibleSecret)")]
    [InlineData("{\"version\": 1, \"users\": [{\"name\": \"\", \"ntHash\": \"00\"}]}", "user #1: name is empty")]
    [InlineData("{\"version\": 1, \"users\": [{\"name\": \"a\", \"ntHash\": \"44EBBA8D5312B8D611474411F56989AE\", \"staticAddress\": \"10.1\"}]}", "user #1: 'a': staticAddress '10.1' is not an IPv4 address")]
    [InlineData("{\"version\": 1, \"users\": [{\"name\": \"a\", \"ntHash\": \"44EBBA8D5312B8D611474411F56989AE\"}, {\"name\": \"a\", \"ntHash\": \"44EBBA8D5312B8D611474411F56989AE\"}]}", "user #2 ('a'): a user with this name exists already")]
    [InlineData("{\"version\": 1, \"users\": [{\"name\": 5}]}", "user #1: \"name\" must be a string")]
    public void InvalidFilesSayWhy(string content, string error)
    {
        string path = PathOf("bad.json");
        File.WriteAllText(path, content);
        UserFileLoadResult loaded = UserFile.Load(path);
        Assert.Equal(UserFileStatus.Invalid, loaded.Status);
        Assert.Equal(error, loaded.Error);
    }

    [Fact]
    public void BrokenJsonReportsTheLine()
    {
        string path = PathOf("broken.json");
        File.WriteAllText(path, "{\n  \"version\": 1,\n  \"users\": [ oops ]\n}");
        Assert.StartsWith("is not valid JSON (line 3)", UserFile.Load(path).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void LooseFilePermissionsAreWarnedAbout()
    {
        string path = PathOf("loose.json");
        File.WriteAllText(path, "{\"version\": 1, \"users\": []}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains("chmod 600", Assert.Single(UserFile.Load(path).Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAreCaseSensitiveButMayNotDifferOnlyInCase()
    {
        UserDatabase db = With(new LocalUser("Alice", ClientPassHash));
        Assert.False(db.TryFind("alice", out _));
        Assert.Equal(UserChange.ExistsWithDifferentCase, db.TryAdd(new LocalUser("alice", ClientPassHash), out _));
        Assert.Equal(UserChange.AlreadyExists, db.TryAdd(new LocalUser("Alice", ClientPassHash), out _));
    }

    [Fact]
    public void StaticAddressesAreUniqueAndRemovalNeedsAnExistingUser()
    {
        UserDatabase db = With(new LocalUser("a", ClientPassHash, IPAddress.Parse("10.0.0.5")));
        Assert.Equal(UserChange.StaticAddressTaken, db.TryAdd(new LocalUser("b", ClientPassHash, IPAddress.Parse("10.0.0.5")), out _));
        Assert.Equal(UserChange.NotFound, db.TryRemove("b", out _));
        Assert.Equal(UserChange.Done, db.TryRemove("a", out UserDatabase after));
        Assert.Equal(0, after.Count);
        Assert.Equal(1, db.Count); // snapshots are immutable
    }

    [Theory]
    [InlineData(" alice", "starts or ends with white space")]
    [InlineData("a\tb", "contains a control character")]
    [InlineData("", "is empty")]
    public void BadNamesAreRefused(string name, string why) => Assert.Equal(why, UserNames.Validate(name));

    [Fact]
    public void NamesAreLimitedTo255Utf8Bytes()
    {
        Assert.Null(UserNames.Validate(new string('a', 255)));
        Assert.NotNull(UserNames.Validate(new string('a', 256)));
        Assert.NotNull(UserNames.Validate(new string('é', 128))); // 256 bytes in UTF-8
        Assert.Equal(256, Encoding.UTF8.GetByteCount(new string('é', 128)));
    }

    [Fact]
    public void UpdateWritesOnlyWhenTheEditSucceeds()
    {
        string path = PathOf("users.json");
        (UserFileLoadResult? failed, UserChange change) = UserFile.Update(path, db => (db.TryAdd(new LocalUser("a", ClientPassHash), out UserDatabase r), r));
        Assert.Null(failed);
        Assert.Equal(UserChange.Done, change);
        DateTime written = File.GetLastWriteTimeUtc(path);

        (_, change) = UserFile.Update(path, db => (db.TryAdd(new LocalUser("a", ClientPassHash), out UserDatabase r), r));
        Assert.Equal(UserChange.AlreadyExists, change);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(1, UserFile.Load(path).Database.Count);
    }

    [Fact]
    public async Task ConcurrentUpdatesLoseNothing()
    {
        string path = PathOf("users.json");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            UserFile.Update(path, db => (db.TryAdd(new LocalUser($"user{i}", ClientPassHash), out UserDatabase r), r)))));
        Assert.Equal(20, UserFile.Load(path).Database.Count);
    }

    [Fact]
    public void AStoreKeepsTheLastGoodUsersWhenAReloadFails()
    {
        string path = PathOf("users.json");
        UserFile.Save(path, With(new LocalUser("alice", ClientPassHash)));
        FileUserStore store = FileUserStore.Open(path, out _)!;
        Assert.True(store.TryFind("alice", out _));

        File.WriteAllText(path, "{ not json");
        Assert.Equal(UserFileStatus.Invalid, store.Reload().Status);
        Assert.True(store.TryFind("alice", out _));

        UserFile.Save(path, With(new LocalUser("bob", ClientPassHash)));
        Assert.Equal(UserFileStatus.Loaded, store.Reload().Status);
        Assert.False(store.TryFind("alice", out _));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void OpeningAnInvalidFileFails()
    {
        string path = PathOf("users.json");
        File.WriteAllText(path, "{}");
        Assert.Null(FileUserStore.Open(path, out UserFileLoadResult result));
        Assert.Equal(UserFileStatus.Invalid, result.Status);
    }

    [Fact]
    public void SecretsStayOutOfToString()
    {
        var user = new LocalUser("bob", ClientPassHash, reversibleSecret: "clientPass");
        Assert.DoesNotContain("clientPass", user.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("44EB", user.ToString(), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
