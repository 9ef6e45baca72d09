using System.CommandLine;

namespace SstpFarm.Client.Cli;

/// <summary>The `sstpfarm-client` command line: connect, ping, bench.</summary>
internal static class ClientCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("sstpfarm-client: an SSTP VPN client in user space (no pppd), and the SstpFarm load generator.");
        root.Subcommands.Add(ConnectCommand.Build());
        root.Subcommands.Add(PingCommand.Build());
        root.Subcommands.Add(Bench.BenchCommand.Build());
        ParseResult parsed = root.Parse(args);

        // Ctrl-C is handled by the commands themselves: a clean Call Disconnect takes a moment.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }
}
