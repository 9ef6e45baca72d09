using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SstpFarm.Client;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Ctl.Tests.Interop;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Protocol.Auth;

namespace SstpFarm.Ctl.Tests;

/// <summary>
/// sstpfarmctl against a real `sstpfarm run` node holding real SSTP sessions (issue 5's last proof).
/// The node runs in its own network namespace: its TUN and pool routes stay private and its API
/// listens on the namespace's own loopback, where sstpfarmctl runs too (`ip netns exec`); the
/// in-process SSTP clients reach it over a veth (root end .1, node end .2 of a /30).
/// Needs root and /dev/net/tun.
/// </summary>
public sealed class LiveNodeTests
{
    private const string Password = "Live-Pa55";
    private const string NodeId = "ctl-node";
    private const string Api = "http://127.0.0.1:50051";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ctl_lists_kicks_and_watches_real_sessions_on_a_running_node()
    {
        Prerequisites.RequireRootAndTun();
        using NetworkNamespace ns = NetworkNamespace.Create();
        string rootEnd = NetworkNamespace.UniqueInterfaceName("sfctl");
        int subnet = Environment.ProcessId % 250;
        var nodeAddress = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.252.{subnet}.2"));
        DirectoryInfo state = Directory.CreateTempSubdirectory("sstpfarm-ctl-live-");
        var log = new ConcurrentQueue<string>();
        Process? node = null;
        Process? watch = null;
        var sessions = new List<SstpClientSession>();
        try
        {
            Command.Check("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", "eth0", "netns", ns.Name);
            Command.Check("ip", "addr", "add", $"10.252.{subnet}.1/30", "dev", rootEnd);
            Command.Check("ip", "link", "set", rootEnd, "up");
            ns.Exec("ip", "addr", "add", nodeAddress + "/30", "dev", "eth0").EnsureSuccess();
            ns.Exec("ip", "link", "set", "eth0", "up").EnsureSuccess();

            string users = Path.Combine(state.FullName, "users.json");
            WriteUsers(users, "alice", "bob");
            node = StartNode(ns, log, "--node-id", NodeId, "--listen", $"{nodeAddress}:443", "--api", "127.0.0.1:50051",
                "--users", users, "--state-dir", state.FullName, "--pool", "10.77.0.0/24", "--tun", "sstp0", "--auth", "mschapv2");
            await Until(() => Logged(log).Contains("sstpfarm: serving SSTP", StringComparison.Ordinal) || node.HasExited, () => $"node did not start:\n{Logged(log)}");
            Assert.False(node.HasExited, Logged(log));
            Assert.Contains("operator API (gRPC) on 127.0.0.1:50051", Logged(log), StringComparison.Ordinal);
            byte[] pin = CertificatePin(Path.Combine(state.FullName, "tls-cert.pem"));

            SstpClientSession alice1 = await Connect(nodeAddress, pin, "alice", sessions);
            SstpClientSession alice2 = await Connect(nodeAddress, pin, "alice", sessions);
            SstpClientSession bob = await Connect(nodeAddress, pin, "bob", sessions);
            string[] inner = [.. sessions.Select(s => s.Info.LocalAddress.ToString())];
            Assert.Equal(3, inner.Distinct().Count());

            // sessions list: the table and --json show the three sessions, their users and inner addresses.
            Dictionary<string, (string Id, string User)> byAddress = await Eventually(async () =>
            {
                CtlRun json = await Ctl(ns, "--json", "sessions", "list");
                Assert.True(json.ExitCode == 0 && json.Stdout.StartsWith('{'), json.ToString());
                JsonElement page = Assert.Single(json.JsonLines);
                var listed = page.GetProperty("sessions").EnumerateArray().ToDictionary(
                    s => s.GetProperty("innerAddress").GetString()!,
                    s => (s.GetProperty("sessionId").GetString()!, s.GetProperty("userName").GetString()!));
                Assert.True(listed.Count == 3 && inner.All(listed.ContainsKey), json.ToString());
                Assert.All(page.GetProperty("sessions").EnumerateArray(), s => Assert.Equal(NodeId, s.GetProperty("nodeId").GetString()));
                return listed;
            });
            Assert.Equal("alice", byAddress[inner[0]].User);
            Assert.Equal("alice", byAddress[inner[1]].User);
            Assert.Equal("bob", byAddress[inner[2]].User);

            CtlRun table = await Ctl(ns, "sessions", "list");
            Assert.True(table.ExitCode == 0, table.ToString());
            foreach ((string address, (string id, string user)) in byAddress)
            {
                Assert.Matches($@"{Regex(id)}\s+│\s+{user}\s+│\s+{NodeId}\s+│\s+{Regex(address)}\b", table.Stdout);
            }

            // The watch runs in the background while the first alice session is kicked.
            var watched = new List<JsonElement>();
            watch = CtlRun.Start(["--server", Api, "--json", "sessions", "watch", "--existing"], netns: ns.Name);
            watch.StandardInput.Close();
            Task watchReader = ReadLinesAsync(watch.StandardOutput, line => watched.Add(JsonDocument.Parse(line).RootElement.Clone()), watched);

            // --existing lists the live sessions after subscribing: once all three are printed, no later event can be missed.
            await Eventually(() =>
            {
                lock (watched)
                {
                    string[] existing = [.. watched.Where(e => e.GetProperty("kind").GetString() == "KIND_EXISTING").Select(e => e.GetProperty("session").GetProperty("sessionId").GetString()!)];
                    Assert.Equal(byAddress.Values.Select(v => v.Id).Order(StringComparer.Ordinal), existing.Order(StringComparer.Ordinal));
                }

                return Task.FromResult(true);
            });

            string kicked = byAddress[inner[0]].Id;
            CtlRun disconnect = await Ctl(ns, "sessions", "disconnect", kicked);
            Assert.True(disconnect.ExitCode == 0, disconnect.ToString());
            SstpDisconnectInfo seen = await alice1.Completion.WaitAsync(Patience);
            Assert.False(bob.Completion.IsCompleted || alice2.Completion.IsCompleted, seen.ToString());

            await Eventually(async () =>
            {
                CtlRun json = await Ctl(ns, "--json", "sessions", "list");
                Assert.True(json.ExitCode == 0, json.ToString());
                string[] ids = [.. Assert.Single(json.JsonLines).GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()!)];
                Assert.DoesNotContain(kicked, ids);
                Assert.Equal(2, ids.Length);
                return ids;
            });
            CtlRun gone = await Ctl(ns, "sessions", "get", kicked);
            Assert.True(gone.ExitCode == 3, gone.ToString());

            await Eventually(() =>
            {
                lock (watched)
                {
                    Assert.Contains(watched, e => e.GetProperty("kind").GetString() == "KIND_ENDED" && e.GetProperty("session").GetProperty("sessionId").GetString() == kicked);
                }

                return Task.FromResult(true);
            }, () => $"watch printed no ENDED event for {kicked}; stderr so far:\n{(watch.HasExited ? watch.StandardError.ReadToEnd() : "(running)")}");

            // disconnect-user ends bob's session and no other.
            CtlRun byUser = await Ctl(ns, "--json", "sessions", "disconnect-user", "bob");
            Assert.True(byUser.ExitCode == 0, byUser.ToString());
            Assert.Equal(1, Assert.Single(byUser.JsonLines).GetProperty("sessionCount").GetInt32());
            await bob.Completion.WaitAsync(Patience);
            Assert.False(alice2.Completion.IsCompleted);

            CtlRun nodes = await Ctl(ns, "--json", "nodes", "list");
            Assert.True(nodes.ExitCode == 0, nodes.ToString());
            Assert.Equal(NodeId, Assert.Single(Assert.Single(nodes.JsonLines).GetProperty("nodes").EnumerateArray()).GetProperty("nodeId").GetString());
            CtlRun nodesTable = await Ctl(ns, "nodes", "list");
            Assert.Contains(NodeId, nodesTable.Stdout, StringComparison.Ordinal);

            // Only alice's second session is left: one lease.
            await Eventually(async () =>
            {
                CtlRun usage = await Ctl(ns, "--json", "pool", "usage");
                Assert.True(usage.ExitCode == 0, usage.ToString());
                Assert.Equal("1", Assert.Single(usage.JsonLines).GetProperty("leased").GetString());
                return true;
            });

            CtlRun health = await Ctl(ns, "health");
            Assert.True(health.ExitCode == 0, health.ToString());

            // A user added through the API can connect at once.
            CtlRun add = await CtlWithStdin(ns, "Carol-Pa55\n", "users", "add", "carol", "--password-stdin");
            Assert.True(add.ExitCode == 0, add.ToString());
            CtlRun again = await CtlWithStdin(ns, "Other-Pa55\n", "users", "add", "carol", "--password-stdin");
            Assert.True(again.ExitCode == 6, again.ToString());
            SstpClientSession carol = await Connect(nodeAddress, pin, "carol", sessions, "Carol-Pa55");
            await Eventually(async () =>
            {
                CtlRun json = await Ctl(ns, "--json", "sessions", "list", "--user", "carol");
                Assert.True(json.ExitCode == 0, json.ToString());
                JsonElement listed = Assert.Single(Assert.Single(json.JsonLines).GetProperty("sessions").EnumerateArray());
                Assert.Equal(carol.Info.LocalAddress.ToString(), listed.GetProperty("innerAddress").GetString());
                return true;
            });
            Assert.False(carol.Completion.IsCompleted);
        }
        finally
        {
            foreach (SstpClientSession session in sessions)
            {
                await session.DisposeAsync();
            }

            Stop(watch);
            Stop(node);
            Command.Run("ip", "link", "delete", rootEnd);
            state.Delete(recursive: true);
        }
    }

    private static Task<CtlRun> Ctl(NetworkNamespace ns, params string[] args) => CtlWithStdin(ns, null, args);

    private static Task<CtlRun> CtlWithStdin(NetworkNamespace ns, string? stdin, params string[] args) =>
        CtlRun.RunAsync(["--server", Api, .. args], stdin, netns: ns.Name);

    private static async Task<SstpClientSession> Connect(IPAddress node, byte[] pin, string user, List<SstpClientSession> sessions, string password = Password)
    {
        SstpClientSession session = await SstpClientSession.ConnectAsync(new SstpConnectOptions
        {
            Server = new Uri($"https://{node}:443"),
            UserName = user,
            Password = password,
            PinnedCertificateSha256 = pin,
            EnableIpv6 = false,
            RequestDns = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        });
        sessions.Add(session);
        return session;
    }

    private static void WriteUsers(string path, params string[] names)
    {
        byte[] hash = new byte[LocalUser.NtHashLength];
        NtHash.Compute(Password, hash);
        UserDatabase database = UserDatabase.Empty;
        foreach (string name in names)
        {
            database.TryAdd(new LocalUser(name, hash), out database);
        }

        UserFile.Save(path, database);
    }

    private static byte[] CertificatePin(string pemPath)
    {
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(pemPath));
        return SHA256.HashData(certificate.RawData);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    /// <summary>Retries <paramref name="check"/> (assertions included) until it passes or a minute is up; then its last failure stands.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> check, Func<string>? context = null)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await check();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
            catch (Exception e) when (context is not null)
            {
                throw new InvalidOperationException(context(), e);
            }
        }
    }

    private static async Task Until(Func<bool> condition, Func<string> failure)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure());
            await Task.Delay(100);
        }
    }

    private static async Task ReadLinesAsync(StreamReader reader, Action<string> onLine, object gate)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lock (gate)
                {
                    onLine(line);
                }
            }
        }
    }

    private static Process StartNode(NetworkNamespace ns, ConcurrentQueue<string> log, params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["netns", "exec", ns.Name, "dotnet", Path.Combine(AppContext.BaseDirectory, "sstpfarm.dll"), "run", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        // `ip netns exec` execs dotnet: killing this pid kills the node.
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start sstpfarm");
        process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static string Logged(ConcurrentQueue<string> log) => string.Join('\n', log);
}
