using System.Diagnostics;

namespace SstpFarm.Host.Tests;

/// <summary>The real executable, as an operator (or systemd) runs it.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    internal static string Executable => Path.Combine(AppContext.BaseDirectory, "sstpfarm.dll");

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Executable);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("STATE_DIRECTORY");
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task ConfigErrorsExitWithCode2AndOneLineEach()
    {
        var (exitCode, stdout, stderr) = await RunAsync(null, "run", "--pool", "10.0.0.0/33", "--state-dir", _box.StateDir);
        Assert.Equal(2, exitCode);
        Assert.Equal("sstpfarm: pool: '10.0.0.0/33' is not a CIDR: prefix length must be 0..32\n", stderr);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task UsageErrorsExitWithCode2()
    {
        var (exitCode, _, stderr) = await RunAsync(null, "run", "--no-such-option");
        Assert.Equal(2, exitCode);
        Assert.Contains("--no-such-option", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPreparesTheNodeAndUsersCanBeAddedFromStdin()
    {
        var (exitCode, stdout, stderr) = await RunAsync(null, "run", "--check", "--state-dir", _box.StateDir);
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("SHA-256:", stdout, StringComparison.Ordinal);
        Assert.Contains("sstpfarm users add NAME", stdout, StringComparison.Ordinal);

        (exitCode, stdout, _) = await RunAsync("clientPass\n", "users", "add", "alice", "--password-stdin", "--state-dir", _box.StateDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("44EBBA8D5312B8D611474411F56989AE", await File.ReadAllTextAsync(Path.Combine(_box.StateDir, "users.json")), StringComparison.Ordinal);

        (exitCode, stdout, _) = await RunAsync(null, "users", "list", "--state-dir", _box.StateDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("alice", stdout, StringComparison.Ordinal);

        (exitCode, _, stderr) = await RunAsync(null, "users", "remove", "nobody", "--state-dir", _box.StateDir);
        Assert.Equal(1, exitCode);
        Assert.Contains("no such user", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsEveryConfigKeyAsAnOption()
    {
        var (exitCode, stdout, _) = await RunAsync(null, "run", "--help");
        Assert.Equal(0, exitCode);
        foreach (Configuration.ConfigKey key in Configuration.ConfigKeys.All)
        {
            Assert.Contains($"--{key.Name}", stdout, StringComparison.Ordinal);
        }
    }
}
