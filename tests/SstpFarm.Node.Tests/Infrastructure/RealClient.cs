using System.Diagnostics;
using System.Text.Json;

namespace SstpFarm.Node.Tests.Infrastructure;

/// <summary>
/// One session of Debian's sstpc + pppd in the realclient VM (/work/shared/harness/realclient): the VM runs
/// in the node's network namespace and reaches the node's 127.0.0.1 as 10.0.2.2. Slow (15-40 s).
/// </summary>
public static class RealClient
{
    /// <summary>
    /// ../shared/harness/realclient next to the repository (where CI and every checkout have it),
    /// or $SSTPFARM_SHARED/harness/realclient.
    /// </summary>
    public static string HarnessDirectory { get; } = Path.Combine(SharedDirectory(), "harness", "realclient");

    private static string SharedDirectory()
    {
        string? configured = Environment.GetEnvironmentVariable("SSTPFARM_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SstpFarm.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }

        return "/work/shared";
    }

    public static RealClientResult Run(string networkNamespace, int port, string user, string password, string auth, string? caFile, params string[] extra)
    {
        string script = Path.Combine(HarnessDirectory, "run-client.sh");
        Assert.True(File.Exists(script), $"{script} is missing: the realclient harness is needed for interop tests");
        var info = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["SSTP_RC_NETNS"] = networkNamespace;
        foreach (string argument in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", user, "--password", password, "--auth", auth, "--timeout", "150", "--quiet"])
        {
            info.ArgumentList.Add(argument);
        }

        if (caFile is not null)
        {
            info.ArgumentList.Add("--ca-file");
            info.ArgumentList.Add(caFile);
        }

        // Debugging knob: e.g. SSTPFARM_RC_EXTRA="--sstpc-log-level 7 --keep-workdir".
        string[] fromEnvironment = (Environment.GetEnvironmentVariable("SSTPFARM_RC_EXTRA") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (string argument in extra.Concat(fromEnvironment))
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(200)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("run-client.sh did not finish within 200 s");
        }

#pragma warning disable VSTHRD002 // the process has exited; the pipe reads are complete
        string output = stdout.GetAwaiter().GetResult();
        string errors = stderr.GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        string? json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(json is not null, $"run-client.sh printed no JSON (exit {process.ExitCode}): {output} {errors}");
        return new RealClientResult(JsonDocument.Parse(json!).RootElement.Clone(), process.ExitCode, errors);
    }
}

/// <summary>The harness's JSON line.</summary>
public sealed record RealClientResult(JsonElement Json, int ExitCode, string Stderr)
{
    public bool Connected => Bool("connected");

    public bool PingOk => Bool("ping_ok");

    public bool AuthOk => Bool("auth_ok");

    public string? AuthUsed => Json.TryGetProperty("auth_used", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public string? PppIp => Json.TryGetProperty("ppp_ip", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool SessionAliveAfterBinding =>
        Json.TryGetProperty("crypto_binding", out JsonElement cb) && cb.ValueKind == JsonValueKind.Object
        && cb.TryGetProperty("session_alive_after_binding", out JsonElement alive) && alive.ValueKind == JsonValueKind.True;

    public bool CallConnectedSent =>
        Json.TryGetProperty("crypto_binding", out JsonElement cb) && cb.ValueKind == JsonValueKind.Object
        && cb.TryGetProperty("call_connected_sent", out JsonElement sent) && sent.ValueKind == JsonValueKind.True;

    /// <summary>Everything but the long log tail, for failure messages.</summary>
    public string Summary
    {
        get
        {
            var parts = Json.EnumerateObject().Where(p => p.Name != "log_tail").Select(p => $"{p.Name}={p.Value}");
            return string.Join(", ", parts);
        }
    }

    public string LogTail => Json.TryGetProperty("log_tail", out JsonElement v) ? v.ToString() : string.Empty;

    private bool Bool(string name) => Json.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.True;
}
