using System.Diagnostics;

namespace SstpFarm.Client.Tests.Interop;

/// <summary>
/// SoftEther's SSTP server (shared/harness/realclient/softether-reference.sh) in its own network
/// namespace, cache and run directories, so it never collides with other harness users: started
/// once for the interop tests, stopped and its namespace deleted at the end.
/// </summary>
public sealed class SoftEtherServer : IDisposable
{
    public const string Namespace = "sstpcli";
    public const string User = "test";
    public const string Password = "test";
    public const string CertificateName = "vm";

    private const string Script = "/work/shared/harness/realclient/softether-reference.sh";
    private const string Cache = "/var/cache/sstp-rc-client";

    public SoftEtherServer()
    {
        if (!File.Exists(Script))
        {
            throw new InvalidOperationException($"{Script} is missing");
        }

        (int code, string output) = Run("start");
        if (code != 0)
        {
            throw new InvalidOperationException($"softether-reference.sh start failed ({code}):\n{output}");
        }
    }

    public static string CertificatePath => $"{Cache}/softether-state/server-cert.pem";

    public static Uri Url => new("https://127.0.0.1:443");

    public static (int Code, string Output) Run(string verb)
    {
        var start = new ProcessStartInfo(Script, verb) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SSTP_RC_NETNS"] = Namespace;
        start.Environment["SSTP_RC_RUN"] = "/run/sstp-rc-client";
        start.Environment["SSTP_RC_CACHE"] = Cache;
        using Process process = Process.Start(start)!;
        // stderr on its own thread so neither pipe can fill up and block the script
        string stderr = string.Empty;
        var reader = new Thread(() => stderr = process.StandardError.ReadToEnd());
        reader.Start();
        string stdout = process.StandardOutput.ReadToEnd();
        reader.Join();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr);
    }

    public void Dispose() => Run("clean");
}
