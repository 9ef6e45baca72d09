using System.Diagnostics;
using System.Text;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Node.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SstpFarm.Node.Tests;

/// <summary>
/// The README's run command, for real: the `sstpfarm` executable with a generated certificate and a
/// local user, in its own network namespace, reached by Debian's sstpc + pppd; then SIGTERM drains it.
/// </summary>
[Trait("Category", "Interop")]
[Collection("RealClientVm")]
public sealed class SstpfarmExecutableTests(ITestOutputHelper output)
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "sstpfarm.dll");

    [Fact]
    public void RunServesARealClientAndStopsCleanlyOnSigterm()
    {
        using NetworkNamespace ns = NetworkNamespace.Create();
        string state = Directory.CreateTempSubdirectory("sstpfarm-exe-").FullName;
        try
        {
            string users = Path.Combine(state, "users.json");
            CommandResult add = RunSstpfarm(stdin: "Tunnel-Pa55\n", "users", "add", "alice", "--password-stdin", "--users", users);
            Assert.True(add.ExitCode == 0, add.ToString());

            string tun = NetworkNamespace.UniqueInterfaceName("sstp");
            var log = new StringBuilder();
            using Process node = StartInNamespace(ns, log, "run", "--listen", "127.0.0.1:4443", "--state-dir", state, "--users", users,
                "--pool", "10.78.0.0/24", "--dns", "10.78.0.1", "--tun", tun, "--auth", "mschapv2,pap");
            try
            {
                Eventually.True(() => Logged(log, "serving SSTP on 127.0.0.1:4443"), () => $"sstpfarm did not start:\n{Logged(log)}", seconds: 60);
                Assert.Contains("SHA-256:", Logged(log), StringComparison.Ordinal); // the generated certificate's fingerprint is printed

                // iperf3 runs in the node's namespace bound to the tunnel address (held by the node's TUN),
                // so the client's traffic crosses the whole node: TLS, SSTP, PPP, forwarding, TUN.
                RealClientResult result = RealClient.Run(ns.Name, 4443, "alice", "Tunnel-Pa55", "mschapv2", Path.Combine(state, "tls-cert.pem"),
                    "--iperf", "10.78.0.1", "--iperf-secs", "5");
                output.WriteLine(result.Summary);
                Assert.True(result.Connected, result.Summary);
                Assert.Equal("10.78.0.2", result.PppIp);
                Assert.True(result.SessionAliveAfterBinding, result.Summary);
                Assert.True(result.PingOk, result.Summary);
                Assert.True(
                    result.Json.TryGetProperty("iperf_mbps", out System.Text.Json.JsonElement mbps) && mbps.ValueKind == System.Text.Json.JsonValueKind.Number && mbps.GetDouble() > 0,
                    $"iperf3 through the tunnel moved no data: {result.Json}");
                output.WriteLine($"iperf3 through sstpfarm (emulated VM client): {mbps} Mbit/s");
            }
            finally
            {
                Command.Run("kill", "-TERM", node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                bool exited = node.WaitForExit(TimeSpan.FromSeconds(30));
                output.WriteLine(Logged(log));
                Assert.True(exited, "sstpfarm did not stop within 30 s of SIGTERM");
            }

            Assert.Equal(0, node.ExitCode);
            Assert.Contains("SSTP node stopped", Logged(log), StringComparison.Ordinal);
            Assert.False(ns.Exec("ip", "link", "show", tun).ExitCode == 0, "the TUN device outlived the node");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static CommandResult RunSstpfarm(string stdin, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Executable);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CommandResult("sstpfarm " + string.Join(" ", arguments), process.ExitCode, stdout, stderr);
    }

    private static Process StartInNamespace(NetworkNamespace ns, StringBuilder log, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["netns", "exec", ns.Name, "dotnet", Executable, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Logged(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static bool Logged(StringBuilder log, string text) => Logged(log).Contains(text, StringComparison.Ordinal);
}
