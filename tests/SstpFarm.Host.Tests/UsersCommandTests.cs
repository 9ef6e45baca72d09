using System.Net;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.Host.Tests;

public sealed class UsersCommandTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string UsersFile => _box.PathOf("users.json");

    private Task<Sandbox.Outcome> UsersAsync(string[] args, string? stdin = null, bool terminal = false, params string?[] typed) =>
        _box.RunAsync(["users", .. args, "--users", UsersFile], stdin, terminal, typed);

    [Fact]
    public async Task AddListRemoveRoundTripWithThePasswordOnStdin()
    {
        Sandbox.Outcome added = await UsersAsync(["add", "alice", "--password-stdin", "--static-address", "10.201.0.7"], "clientPass\n");
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.Equal($"added user 'alice' to {UsersFile}\n", added.Out);
        Assert.Equal(ExitCodes.Ok, (await UsersAsync(["add", "bob", "--password-stdin"], "other")).ExitCode);

        // The NT hash of "clientPass" (test-vectors.md §2), never the password.
        string text = await File.ReadAllTextAsync(UsersFile);
        Assert.Contains("44EBBA8D5312B8D611474411F56989AE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("clientPass", text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(UsersFile));
        Assert.True(UserFile.Load(UsersFile).Database.TryFind("alice", out LocalUser? alice));
        Assert.Equal(IPAddress.Parse("10.201.0.7"), alice.StaticAddress);

        Sandbox.Outcome listed = await UsersAsync(["list"]);
        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        string[] lines = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("alice", lines[1], StringComparison.Ordinal);
        Assert.Contains("10.201.0.7", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("bob", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("44EB", listed.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await UsersAsync(["remove", "alice"])).ExitCode);
        Assert.False(UserFile.Load(UsersFile).Database.TryFind("alice", out _));
        Assert.Equal(1, UserFile.Load(UsersFile).Database.Count);
    }

    [Fact]
    public async Task StdinPasswordKeepsEverythingButOneTrailingNewline()
    {
        await UsersAsync(["add", "carol", "--password-stdin"], "clientPass\r\n");
        Assert.True(UserFile.Load(UsersFile).Database.TryFind("carol", out LocalUser? carol));
        Assert.Equal(Convert.FromHexString("44EBBA8D5312B8D611474411F56989AE"), carol.NtHash.ToArray());
    }

    [Fact]
    public async Task ThePromptAsksTwiceWithoutEcho()
    {
        Sandbox.Outcome added = await UsersAsync(["add", "dave"], terminal: true, typed: ["clientPass", "clientPass"]);
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.True(UserFile.Load(UsersFile).Database.TryFind("dave", out LocalUser? dave));
        Assert.Equal(Convert.FromHexString("44EBBA8D5312B8D611474411F56989AE"), dave.NtHash.ToArray());

        Sandbox.Outcome mismatch = await UsersAsync(["add", "erin"], terminal: true, typed: ["one", "two"]);
        Assert.Equal(ExitCodes.Failure, mismatch.ExitCode);
        Assert.Equal("sstpfarm: the passwords do not match\n", mismatch.Error);
    }

    [Fact]
    public async Task WithoutATerminalThePasswordMustComeFromStdin()
    {
        Sandbox.Outcome outcome = await UsersAsync(["add", "frank"]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Equal("sstpfarm: password: no terminal to ask for the password on; pipe it in with --password-stdin\n", outcome.Error);
        Assert.False(File.Exists(UsersFile));
    }

    [Fact]
    public async Task ReversibleSecretIsStoredClearlyMarked()
    {
        Sandbox.Outcome added = await UsersAsync(["add", "gina", "--password-stdin", "--reversible-secret"], "chap-secret");
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.Contains("stored in the clear for CHAP-MD5", added.Error, StringComparison.Ordinal);
        Assert.Contains("reversibleSecret: the password in the clear", await File.ReadAllTextAsync(UsersFile), StringComparison.Ordinal);
        Assert.True(UserFile.Load(UsersFile).Database.TryFind("gina", out LocalUser? gina));
        Assert.Equal("chap-secret", gina.ReversibleSecret);
        Assert.Contains("yes (reversible secret)", (await UsersAsync(["list"])).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicatesAndMissingUsersAreClearErrors()
    {
        await UsersAsync(["add", "alice", "--password-stdin"], "a");
        Sandbox.Outcome duplicate = await UsersAsync(["add", "alice", "--password-stdin"], "b");
        Assert.Equal(ExitCodes.Failure, duplicate.ExitCode);
        Assert.Equal($"sstpfarm: user 'alice': a user with this name exists already ({UsersFile})\n", duplicate.Error);

        Sandbox.Outcome differentCase = await UsersAsync(["add", "Alice", "--password-stdin"], "b");
        Assert.Equal(ExitCodes.Failure, differentCase.ExitCode);
        Assert.Contains("differs only in case", differentCase.Error, StringComparison.Ordinal);

        Sandbox.Outcome missing = await UsersAsync(["remove", "zed"]);
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Equal($"sstpfarm: user 'zed': no such user ({UsersFile})\n", missing.Error);
    }

    [Theory]
    [InlineData("--static-address", "10.1", "static-address: '10.1' is not an IPv4 address (four decimal octets, e.g. 10.0.0.5)")]
    [InlineData("--static-address", "127.0.0.5", "static-address: '127.0.0.5' is not a unicast address a client can hold (0.0.0.0/8, 127.0.0.0/8, multicast and broadcast are not)")]
    public async Task BadStaticAddressesAreRejected(string option, string value, string expected)
    {
        Sandbox.Outcome outcome = await UsersAsync(["add", "hal", "--password-stdin", option, value], "x");
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Equal($"sstpfarm: {expected}\n", outcome.Error);
    }

    [Theory]
    [InlineData(" ivan", "name: ' ivan' starts or ends with white space")]
    [InlineData("", "name: '' is empty")]
    public async Task BadNamesAreRejected(string name, string expected)
    {
        Sandbox.Outcome outcome = await UsersAsync(["add", name, "--password-stdin"], "x");
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Equal($"sstpfarm: {expected}\n", outcome.Error);
    }

    [Theory]
    [InlineData("", "sstpfarm: the password is empty\n")]
    [InlineData("two\nlines", "sstpfarm: the password contains a line break\n")]
    public async Task BadPasswordsAreRejected(string password, string expected)
    {
        Sandbox.Outcome outcome = await UsersAsync(["add", "judy", "--password-stdin"], password);
        Assert.Equal(ExitCodes.Failure, outcome.ExitCode);
        Assert.Equal(expected, outcome.Error);
    }

    [Fact]
    public async Task TheUserFileLocationFollowsTheConfigFileAndStateDir()
    {
        string config = _box.WriteFile("c.json", $"{{ \"state-dir\": \"{_box.StateDir}\" }}");
        Sandbox.Outcome added = await _box.RunAsync(["users", "add", "kim", "--password-stdin", "--config", config], "x");
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.True(File.Exists(Path.Combine(_box.StateDir, "users.json")));
    }

    [Fact]
    public async Task AnInvalidUserFileIsNotOverwritten()
    {
        await File.WriteAllTextAsync(UsersFile, "{ \"version\": 7, \"users\": [] }");
        Sandbox.Outcome outcome = await UsersAsync(["add", "leo", "--password-stdin"], "x");
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Equal($"sstpfarm: users: '{UsersFile}' is not a valid user file: has version 7; this sstpfarm reads version 1\n", outcome.Error);
        Assert.Contains("\"version\": 7", await File.ReadAllTextAsync(UsersFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunGuidesTheOperatorToTheFirstUserAndLoadsUsersOnceAdded()
    {
        Sandbox.Outcome empty = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--users", UsersFile]);
        Assert.Equal(ExitCodes.Ok, empty.ExitCode);
        Assert.Contains($"sstpfarm users add NAME --users {UsersFile}", empty.Out, StringComparison.Ordinal);

        await UsersAsync(["add", "alice", "--password-stdin", "--static-address", "192.168.9.9"], "x");
        Sandbox.Outcome withUser = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--users", UsersFile]);
        Assert.Equal(ExitCodes.Ok, withUser.ExitCode);
        Assert.DoesNotContain("sstpfarm users add", withUser.Out, StringComparison.Ordinal);
        Assert.Contains("user 'alice' has static address 192.168.9.9, outside pool 10.201.0.0/16", withUser.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(UsersFile, "{ oops");
        Sandbox.Outcome broken = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--users", UsersFile]);
        Assert.Equal(ExitCodes.ConfigError, broken.ExitCode);
        Assert.StartsWith($"sstpfarm: users: '{UsersFile}' is not a valid user file: is not valid JSON", broken.Error, StringComparison.Ordinal);
    }
}
