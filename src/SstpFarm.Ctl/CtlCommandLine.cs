using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SstpFarm.Ctl.Commands;

namespace SstpFarm.Ctl;

/// <summary>The whole command tree, and running it with exit codes scripts can trust (<see cref="ExitCodes"/>).</summary>
internal static class CtlCommandLine
{
    public static RootCommand Build()
    {
        var options = new GlobalOptions();
        var runner = new CtlRunner(options);
        var root = new RootCommand("sstpfarmctl: operate an SstpFarm node or farm through its gRPC API");
        options.AddTo(root);
        root.Subcommands.Add(NodeCommands.Build(runner));
        root.Subcommands.Add(SessionCommands.Build(runner));
        root.Subcommands.Add(PoolCommands.Build(runner));
        root.Subcommands.Add(TicketKeyCommands.Build(runner));
        root.Subcommands.Add(UserCommands.Build(runner));
        root.Subcommands.Add(HealthCommand.Build(runner));
        foreach (HelpOption help in root.Options.OfType<HelpOption>())
        {
            help.Action = new ExitCodeHelpAction((HelpAction)help.Action!);
        }

        return root;
    }

    /// <summary>Parses and runs; a command line that does not parse exits with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parse = Build().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (System.CommandLine.Parsing.ParseError problem in parse.Errors)
            {
                await error.WriteLineAsync($"sstpfarmctl: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'sstpfarmctl --help' (or 'sstpfarmctl COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The usual help, then the exit codes.</summary>
    private sealed class ExitCodeHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int result = inner.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.Help);
            return result;
        }
    }
}
