using System.Diagnostics;

namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>Runs external tools (iproute2, ping, apt-get) with a time limit.</summary>
public static class Command
{
    public static CommandResult Run(string file, params string[] arguments) => Run(TimeSpan.FromSeconds(60), file, arguments);

    public static CommandResult Run(TimeSpan timeout, string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        string commandLine = file + " " + string.Join(' ', arguments);
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {commandLine}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout}");
        }

        // The process has exited, so both pipe reads are complete (or about to be): no deadlock.
#pragma warning disable VSTHRD002
        return new CommandResult(commandLine, process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
#pragma warning restore VSTHRD002
    }

    public static CommandResult Check(string file, params string[] arguments) => Run(file, arguments).EnsureSuccess();
}
