using System.Diagnostics;

namespace SstpFarm.Observability.Tests.Infrastructure;

/// <summary>
/// The programs of Debian's `prometheus` package (promtool, prometheus). A missing one fails the
/// test with what to install; scripts/test.sh installs it through scripts/test-setup.sh.
/// </summary>
internal static class DebianTool
{
    public static string Promtool => Find("promtool");

    public static string Prometheus => Find("prometheus");

    private static string Find(string program)
    {
        string[] path = [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/bin"];
        return path.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"'{program}' is missing: install Debian's 'prometheus' package (apt-get install --no-install-recommends prometheus; scripts/test.sh does it).");
    }

    /// <summary>Runs <paramref name="program"/> to its end and returns its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + program);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran for over 60 s");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
