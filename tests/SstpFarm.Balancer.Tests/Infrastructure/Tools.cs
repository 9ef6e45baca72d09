using System.Diagnostics;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>
/// Finds the external programs these tests drive. A missing one fails the test with what to install:
/// scripts/test.sh installs them through scripts/test-setup.sh.
/// </summary>
internal static class Tools
{
    public static string Haproxy => Find("haproxy", "haproxy");

    public static string OpenSsl => Find("openssl", "openssl");

    private static string Find(string program, string debianPackage)
    {
        string[] directories = [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/sbin"];
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{program}' is not installed. These tests run the real {program}: install the Debian package '{debianPackage}' " +
            $"(scripts/test-setup.sh {debianPackage}, which scripts/test.sh runs, or apt-get install {debianPackage}).");
    }

    /// <summary>Runs a program to completion (stdin closed) within <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
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

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
