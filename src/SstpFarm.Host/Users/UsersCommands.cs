using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Host.Cli;
using SstpFarm.Host.Configuration;
using SstpFarm.Protocol.Auth;

namespace SstpFarm.Host.Users;

/// <summary>`sstpfarm users add|remove|list`: edits of the local user file.</summary>
public static class UsersCommands
{
    public static int Add(ConfigLoadResult config, string name, bool passwordFromStdin, string? staticAddress, bool reversibleSecret, HostConsole console)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        if (!config.Succeeded)
        {
            return Report.ConfigErrors(console, config.Errors);
        }

        string? nameError = UserNames.Validate(name);
        if (nameError is not null)
        {
            return Report.ConfigErrors(console, [new ConfigError("name", name, nameError)]);
        }

        IPAddress? address = null;
        if (staticAddress is not null && !TryParseClientAddress(staticAddress, out address, out string reason))
        {
            return Report.ConfigErrors(console, [new ConfigError("static-address", staticAddress, reason)]);
        }

        string? password = PasswordInput.Read(console, passwordFromStdin, out string? passwordError, out bool usageError);
        if (password is null)
        {
            return usageError ? Report.ConfigErrors(console, [new ConfigError("password", null, passwordError!)]) : Report.Failure(console, passwordError!);
        }

        Span<byte> hash = stackalloc byte[LocalUser.NtHashLength];
        NtHash.Compute(password, hash);
        var user = new LocalUser(name, hash, address, reversibleSecret ? password : null);
        string path = config.Options.Authentication.UsersFile!;
        int result = Edit(console, path, name, db => (db.TryAdd(user, out UserDatabase after), after), createDirectory: true);
        if (result != ExitCodes.Ok)
        {
            return result;
        }

        console.Out.WriteLine($"added user '{name}' to {path}");
        if (address is not null && !config.Options.Addressing.Pools.Any(p => p.Contains(address)))
        {
            console.Error.WriteLine($"sstpfarm: warning: static address {address} is outside pool {string.Join(',', config.Options.Addressing.Pools)}");
        }

        if (reversibleSecret)
        {
            console.Error.WriteLine("sstpfarm: warning: the password is also stored in the clear for CHAP-MD5; anyone who can read the user file can use it");
        }

        return ExitCodes.Ok;
    }

    public static int Remove(ConfigLoadResult config, string name, HostConsole console)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        if (!config.Succeeded)
        {
            return Report.ConfigErrors(console, config.Errors);
        }

        string path = config.Options.Authentication.UsersFile!;
        int result = Edit(console, path, name, db => (db.TryRemove(name, out UserDatabase after), after));
        if (result == ExitCodes.Ok)
        {
            console.Out.WriteLine($"removed user '{name}' from {path}");
        }

        return result;
    }

    public static int List(ConfigLoadResult config, HostConsole console)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        if (!config.Succeeded)
        {
            return Report.ConfigErrors(console, config.Errors);
        }

        string path = config.Options.Authentication.UsersFile!;
        UserFileLoadResult loaded = UserFile.Load(path);
        if (loaded.Status == UserFileStatus.Invalid)
        {
            return Report.ConfigErrors(console, [new ConfigError("users", path, $"is not a valid user file: {loaded.Error}")]);
        }

        if (loaded.Database.Count == 0)
        {
            console.Out.WriteLine($"no users in {path}");
            return ExitCodes.Ok;
        }

        int width = Math.Max(4, loaded.Database.Users.Max(u => u.Name.Length));
        console.Out.WriteLine($"{"NAME".PadRight(width)}  {"STATIC ADDRESS",-15}  CHAP-MD5");
        foreach (LocalUser user in loaded.Database.Users)
        {
            console.Out.WriteLine($"{user.Name.PadRight(width)}  {user.StaticAddress?.ToString() ?? "-",-15}  {(user.ReversibleSecret is null ? "no" : "yes (reversible secret)")}");
        }

        return ExitCodes.Ok;
    }

    private static int Edit(HostConsole console, string path, string name, Func<UserDatabase, (UserChange, UserDatabase)> edit, bool createDirectory = false)
    {
        try
        {
            if (createDirectory)
            {
                // The first user of a fresh node, before `run` ever created the state directory.
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            (UserFileLoadResult? failed, UserChange change) = UserFile.Update(path, edit);
            if (failed is not null)
            {
                return Report.ConfigErrors(console, [new ConfigError("users", path, $"is not a valid user file: {failed.Error}")]);
            }

            return change == UserChange.Done ? ExitCodes.Ok : Report.Failure(console, $"user '{name}': {UserFile.Describe(change)} ({path})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Report.Failure(console, $"users: '{path}' cannot be written: {e.Message}");
        }
    }

    /// <summary>A unicast IPv4 address a client can hold: not 0/8, loopback, multicast or broadcast.</summary>
    private static bool TryParseClientAddress(string text, out IPAddress? address, out string reason)
    {
        reason = "is not an IPv4 address (four decimal octets, e.g. 10.0.0.5)";
        if (!Ipv4.TryParse(text, out uint value))
        {
            address = null;
            return false;
        }

        address = Ipv4.ToAddress(value);
        byte first = (byte)(value >> 24);
        reason = "is not a unicast address a client can hold (0.0.0.0/8, 127.0.0.0/8, multicast and broadcast are not)";
        return first is not (0 or 127) && first < 224;
    }
}
