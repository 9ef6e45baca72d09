using SstpFarm.Host.Configuration;

namespace SstpFarm.Host.Cli;

/// <summary>How problems reach the operator: one line each on standard error, prefixed with the program name.</summary>
public static class Report
{
    public static int ConfigErrors(HostConsole console, IEnumerable<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (ConfigError error in errors)
        {
            console.Error.WriteLine($"sstpfarm: {error}");
        }

        return ExitCodes.ConfigError;
    }

    public static int UsageErrors(HostConsole console, IEnumerable<string> messages)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (string message in messages)
        {
            console.Error.WriteLine($"sstpfarm: {message}");
        }

        console.Error.WriteLine("Try 'sstpfarm --help'.");
        return ExitCodes.ConfigError;
    }

    public static int Failure(HostConsole console, string message)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Error.WriteLine($"sstpfarm: {message}");
        return ExitCodes.Failure;
    }
}
