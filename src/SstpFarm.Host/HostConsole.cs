using System.Text;

namespace SstpFarm.Host;

/// <summary>The process's terminal, replaceable in tests.</summary>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output (results, effective configuration).</param>
/// <param name="Error">Standard error (one line per problem).</param>
/// <param name="InputIsTerminal">True when a person can be prompted.</param>
/// <param name="ReadHidden">Shows a prompt and reads one line without echo.</param>
public sealed record HostConsole(TextReader In, TextWriter Out, TextWriter Error, bool InputIsTerminal, Func<string, string?> ReadHidden)
{
    public static HostConsole System { get; } = new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected, ReadHiddenFromConsole);

    private static string? ReadHiddenFromConsole(string prompt)
    {
        Console.Error.Write(prompt);
        var line = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return line.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (line.Length > 0)
                {
                    line.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                line.Append(key.KeyChar);
            }
        }
    }
}
