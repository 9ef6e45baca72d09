namespace SstpFarm.Host.Users;

/// <summary>Gets a new user's password: from standard input (--password-stdin) or a no-echo prompt, never from the command line.</summary>
public static class PasswordInput
{
    /// <summary>RFC 2759 §4: the MS-CHAPv2 password is 0 to 256 Unicode characters.</summary>
    public const int MaxLength = 256;

    /// <returns>The password, or null with <paramref name="error"/> (and whether it is a usage error).</returns>
    public static string? Read(HostConsole console, bool fromStdin, out string? error, out bool usageError)
    {
        ArgumentNullException.ThrowIfNull(console);
        usageError = false;
        string? password;
        if (fromStdin)
        {
            // Like `docker login --password-stdin`: everything on stdin, minus one trailing newline.
            password = console.In.ReadToEnd();
            password = password.EndsWith("\r\n", StringComparison.Ordinal) ? password[..^2] : password.EndsWith('\n') ? password[..^1] : password;
        }
        else if (!console.InputIsTerminal)
        {
            error = "no terminal to ask for the password on; pipe it in with --password-stdin";
            usageError = true;
            return null;
        }
        else
        {
            password = console.ReadHidden("Password: ");
            string? again = console.ReadHidden("Repeat password: ");
            if (password != again)
            {
                error = "the passwords do not match";
                return null;
            }
        }

        error = password switch
        {
            null or "" => "the password is empty",
            { Length: > MaxLength } => $"the password is longer than {MaxLength} characters (the MS-CHAPv2 limit, RFC 2759)",
            _ when password.Contains('\n', StringComparison.Ordinal) || password.Contains('\r', StringComparison.Ordinal) => "the password contains a line break",
            _ => null,
        };
        return error is null ? password : null;
    }
}
