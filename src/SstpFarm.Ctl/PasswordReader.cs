using Spectre.Console;

namespace SstpFarm.Ctl;

/// <summary>
/// Passwords never come from the command line (the process list would show them): either the
/// first line of standard input (--password-stdin) or a prompt on the terminal without echo.
/// </summary>
internal static class PasswordReader
{
    /// <exception cref="CtlUsageException">No password could be read, or the two typed ones differ.</exception>
    public static string Read(bool fromStandardInput, string userName)
    {
        if (fromStandardInput)
        {
            string? line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? throw new CtlUsageException("--password-stdin: no password on standard input") : line;
        }

        if (Console.IsInputRedirected)
        {
            throw new CtlUsageException("standard input is not a terminal: pass the password with --password-stdin");
        }

        // The prompt goes to stderr so that stdout stays clean for --json.
        IAnsiConsole terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        string first = terminal.Prompt(new TextPrompt<string>($"New password for {Markup.Escape(userName)}:").Secret(null));
        string second = terminal.Prompt(new TextPrompt<string>("Type it again:").Secret(null));
        return first == second ? first : throw new CtlUsageException("the two passwords differ");
    }
}
