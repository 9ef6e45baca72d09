using System.CommandLine;
using System.Runtime.InteropServices;
using SstpFarm.Host.Configuration;
using SstpFarm.Host.Run;
using SstpFarm.Host.Users;

namespace SstpFarm.Host.Cli;

/// <summary>
/// The `sstpfarm` command line. The run options are generated from <see cref="ConfigKeys"/>, so
/// every --option is also a config-file key of the same name, and the other way round.
/// </summary>
public static class SstpFarmCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, HostConsole console, INodeRunner? runner = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        RootCommand root = Build(console, runner ?? new DataPlaneNodeRunner(), time ?? TimeProvider.System);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return Report.UsageErrors(console, parsed.Errors.Select(e => e.Message));
        }

        // Signals are handled by `run` itself: a drain may take longer than the library's grace period.
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }

    public static RootCommand Build(HostConsole console, INodeRunner runner, TimeProvider time)
    {
        var root = new RootCommand("sstpfarm: an SSTP VPN server for Linux; one node alone, or many behind a balancer.");
        root.Subcommands.Add(BuildRun(console, runner, time));
        root.Subcommands.Add(BuildUsers(console));
        return root;
    }

    private static Command BuildRun(HostConsole console, INodeRunner runner, TimeProvider time)
    {
        var command = new Command("run", "Start the node. Every option can also be set in the --config file under the same name (JSON: {\"listen\": \"0.0.0.0:443\", \"pool\": [\"10.201.0.0/16\"], \"nat\": true}); the command line wins.");
        var config = ConfigOption();
        var check = new Option<bool>("--check") { Description = "Validate the configuration, prepare certificate and state directory, print the effective configuration, and exit." };
        command.Options.Add(config);
        command.Options.Add(check);
        var keyed = ConfigKeys.All.Select(k => (Key: k, Option: CreateOption(k))).ToArray();
        foreach ((_, Option option) in keyed)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            ConfigLoadResult loaded = ConfigLoader.Load(parsed.GetValue(config), Collect(parsed, keyed));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            return await RunCommand.ExecuteAsync(loaded, parsed.GetValue(check), runner, console, time, stop.Token).ConfigureAwait(false);

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true; // drain instead of dying
                stop.Cancel();
            }
        });
        return command;
    }

    private static Command BuildUsers(HostConsole console)
    {
        var users = new Command("users", "Manage the local user file (it stores NT hashes, never passwords).");
        var config = ConfigOption();
        var keyed = ConfigKeys.All.Where(k => k.Name is "users" or "state-dir").Select(k => (Key: k, Option: CreateOption(k))).ToArray();
        void AddFileOptions(Command command)
        {
            command.Options.Add(config);
            foreach ((_, Option option) in keyed)
            {
                command.Options.Add(option);
            }
        }

        ConfigLoadResult Load(ParseResult parsed) => ConfigLoader.Load(parsed.GetValue(config), Collect(parsed, keyed));

        var name = new Argument<string>("name") { Description = "User name, exactly as the client sends it (case-sensitive)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of prompting." };
        var staticAddress = new Option<string>("--static-address") { Description = "IPv4 address this user always gets." };
        var reversible = new Option<bool>("--reversible-secret") { Description = "Also store the password in the clear, which CHAP-MD5 needs. Weaker: anyone who can read the file can log in." };
        var add = new Command("add", "Add a user; the password is asked for without echo, or read with --password-stdin.") { name, passwordStdin, staticAddress, reversible };
        AddFileOptions(add);
        add.SetAction(parsed => UsersCommands.Add(Load(parsed), parsed.GetValue(name)!, parsed.GetValue(passwordStdin), parsed.GetValue(staticAddress), parsed.GetValue(reversible), console));

        var removeName = new Argument<string>("name") { Description = "User name." };
        var remove = new Command("remove", "Remove a user.") { removeName };
        AddFileOptions(remove);
        remove.SetAction(parsed => UsersCommands.Remove(Load(parsed), parsed.GetValue(removeName)!, console));

        var list = new Command("list", "List users (names, static addresses; never hashes).");
        AddFileOptions(list);
        list.SetAction(parsed => UsersCommands.List(Load(parsed), console));

        users.Subcommands.Add(add);
        users.Subcommands.Add(remove);
        users.Subcommands.Add(list);
        return users;
    }

    private static Option<string> ConfigOption() => new("--config") { Description = "JSON config file; its keys are the long option names of `run`." };

    private static Option CreateOption(ConfigKey key) => key.Kind switch
    {
        ConfigKeyKind.Flag => new Option<bool>($"--{key.Name}") { Description = key.Description },
        ConfigKeyKind.List => new Option<string[]>($"--{key.Name}") { Description = key.Description + " Repeat the option or separate with commas." },
        _ => new Option<string>($"--{key.Name}") { Description = key.Description },
    };

    private static Dictionary<string, ConfigValue> Collect(ParseResult parsed, IEnumerable<(ConfigKey Key, Option Option)> keyed)
    {
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach ((ConfigKey key, Option option) in keyed)
        {
            if (parsed.GetResult(option) is not { Implicit: false })
            {
                continue;
            }

            IReadOnlyList<string> items = option switch
            {
                Option<bool> flag => [parsed.GetValue(flag) ? "true" : "false"],
                Option<string[]> list => parsed.GetValue(list) ?? [],
                Option<string> text => [parsed.GetValue(text) ?? string.Empty],
                _ => throw new InvalidOperationException($"unexpected option type for {key.Name}"),
            };
            values[key.Name] = new ConfigValue(items, ConfigLoader.CommandLineSource);
        }

        return values;
    }
}
