using System.Text;

namespace SstpFarm.Client.Cli;

/// <summary>The password comes from standard input or a no-echo prompt, never from the command line.</summary>
internal static class PasswordReader
{
    public static string? Read(bool fromStdin, out string? error)
    {
        error = null;
        if (fromStdin)
        {
            string all = Console.In.ReadToEnd();
            return all.EndsWith("\r\n", StringComparison.Ordinal) ? all[..^2] : all.EndsWith('\n') ? all[..^1] : all;
        }

        if (Console.IsInputRedirected)
        {
            error = "no terminal to ask for the password on; pipe it in with --password-stdin";
            return null;
        }

        Console.Error.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
