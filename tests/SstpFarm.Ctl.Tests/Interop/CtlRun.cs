using System.Diagnostics;
using System.Text.Json;

namespace SstpFarm.Ctl.Tests.Interop;

/// <summary>What one sstpfarmctl run printed and returned.</summary>
internal sealed record CtlRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Each stdout line parsed as JSON (the --json contract: one object per line).</summary>
    public IReadOnlyList<JsonElement> JsonLines =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>Runs <c>dotnet sstpfarmctl.dll ARGS</c> to its end (killed after a minute); inside network namespace <paramref name="netns"/> if given.</summary>
    public static async Task<CtlRun> RunAsync(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null, string? netns = null)
    {
        using Process process = Start(args, environment, netns);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new CtlRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>dotnet sstpfarmctl.dll ARGS</c>; with <paramref name="netns"/> through <c>ip netns exec</c>, which execs it (the pid is dotnet's own).</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? netns = null)
    {
        var start = new ProcessStartInfo(netns is null ? "dotnet" : "ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string prefix in netns is null ? [] : (string[])["netns", "exec", netns, "dotnet"])
        {
            start.ArgumentList.Add(prefix);
        }

        start.ArgumentList.Add(TestPaths.CtlDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Tests must not pick up an operator's settings.
        start.Environment.Remove("SSTPFARM_TOKEN");
        start.Environment.Remove("SSTPFARM_SERVER");
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
