using System.Diagnostics;
using System.Globalization;
using System.Net;
using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.Client.Diagnostics;
using SstpFarm.Cluster.Tests.Infrastructure;
using static SstpFarm.Cluster.Tests.Infrastructure.FarmChecks;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.Cluster.Tests;

/// <summary>
/// Issue 4's proof with real processes: redis-server, three `sstpfarm run` nodes (own network
/// namespace each, one shared pool through Redis, PROXY v2 required, agent on), the shipped
/// haproxy-tcp.cfg in front, and in-process SSTP clients through HAProxy. One test, three phases
/// on the same farm (setting it up is most of the cost): spread, kill -9 a node, drain a node.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class FarmTests(ITestOutputHelper output)
{
    /// <summary>How long the registry may take to show sessions that just came up (30 s reconcile + slack).</summary>
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(40);

    /// <summary>300 as the issue asks; SSTPFARM_CLUSTER_SESSIONS lowers it on a slow machine.</summary>
    private static readonly int Sessions = int.TryParse(Environment.GetEnvironmentVariable("SSTPFARM_CLUSTER_SESSIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 300;

    private const int SessionsDuringDrain = 30;

    /// <summary>Issue 4's bound. A dead node is noticed by its heartbeat key's 6 s TTL; its users' sessions take its addresses over at once and its own sessions are reaped at the next 2 s maintenance pass.</summary>
    private static readonly TimeSpan RegistryBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SpreadsSessionsSurvivesKillNineAndDrains()
    {
        await using Farm farm = await Farm.StartAsync(Sessions + SessionsDuringDrain);
        await using var clients = new FarmClients(farm, parallelConnects: 50);
        try
        {
            await SpreadAsync(farm, clients);
            await KillNineAsync(farm, clients, farm.Node("node3"));
            await DrainAsync(farm, clients, farm.Node("node1"));
            await DisconnectUserAsync(farm, clients, farm.Node("node2"));
            await TerminateAsync(farm, clients, farm.Node("node2"), farm.Node("node1"));
        }
        catch
        {
            foreach (FarmNode node in farm.Nodes)
            {
                output.WriteLine($"--- {node.Id} log ---\n{node.Log}");
            }

            throw;
        }
    }

    // (a) N sessions through HAProxy: every inner address unique, every node got some.
    private async Task SpreadAsync(Farm farm, FarmClients clients)
    {
        long start = Stopwatch.GetTimestamp();
        await clients.AddAsync(Enumerable.Range(0, Sessions).Select(Farm.UserName));
        TimeSpan took = Stopwatch.GetElapsedTime(start);
        double[] latencies = [.. clients.ConnectMilliseconds.Order()];
        output.WriteLine($"(a) {Sessions} sessions through HAProxy in {took.TotalSeconds:0.0} s: {Sessions / took.TotalSeconds:0} sessions/s, 50 connecting at once " +
            $"(each {latencies[latencies.Length / 2]:0} ms median, {latencies[latencies.Length * 95 / 100]:0} ms p95; {clients.Failures} failed attempts retried)");

        foreach (string error in clients.FirstErrors)
        {
            output.WriteLine("    first failures: " + error);
        }

        IReadOnlyList<FarmClients.Connected> live = clients.Live;
        Assert.Equal(Sessions, live.Count);
        AssertUnique(live);
        // Known defect (closing note): on a loaded machine an address write of a session that just came up
        // is sometimes lost until the node's 30 s reconcile; the settle bound allows for that one.
        IReadOnlyList<SessionRecord> registry = await EventuallyAsync(farm.SessionsAsync, r => Matches(r, clients.Live), "registry never matched the clients", SettleBound, r => Mismatch(r, clients.Live));
        Dictionary<string, int> perNode = registry.GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("(a) per node: " + string.Join(", ", perNode.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        Assert.All(farm.Nodes, node => Assert.True(perNode.GetValueOrDefault(node.Id) > 0, $"{node.Id} got no session"));
    }

    // (b) kill -9 one node: its users reconnect through HAProxy to the others; no address is ever
    // held twice meanwhile; the registry shows exactly the live sessions within the bound.
    private async Task KillNineAsync(Farm farm, FarmClients clients, FarmNode victim)
    {
        IReadOnlyList<SessionRecord> before = await farm.SessionsAsync();
        Dictionary<string, IPAddress> victimUsers = before.Where(r => r.NodeId == victim.Id).ToDictionary(r => r.UserName, r => r.InnerAddress!);
        var violations = new List<string>();
        using var stopMonitor = new CancellationTokenSource();
        Task<int> monitor = MonitorAsync(farm, clients, violations, stopMonitor.Token);

        long killedAt = Stopwatch.GetTimestamp();
        victim.Kill();
        await EventuallyAsync(
            () => Task.FromResult(victimUsers.Keys.Select(clients.Get).ToArray()),
            now => now.All(c => c is { Generation: > 0 } && !c.Session.Completion.IsCompleted),
            "the dead node's users did not all reconnect",
            TimeSpan.FromSeconds(60));
        TimeSpan reconnected = Stopwatch.GetElapsedTime(killedAt);
        TimeSpan slowest = victimUsers.Keys.Select(u => Stopwatch.GetElapsedTime(killedAt, clients.Get(u)!.ConnectedAt)).Max();
        await EventuallyAsync(farm.SessionsAsync, r => clients.Live.Count == Sessions && Matches(r, clients.Live) && r.All(s => s.NodeId != victim.Id), "the registry did not converge to the live sessions", RegistryBound);
        TimeSpan converged = Stopwatch.GetElapsedTime(killedAt);

        await stopMonitor.CancelAsync();
        int samples = await monitor;
        string[] moved = [.. victimUsers.Where(v => !clients.Get(v.Key)!.Address.Equals(v.Value)).Select(v => $"{v.Key} had {v.Value}, now {clients.Get(v.Key)!.Address}")];
        output.WriteLine($"(b) kill -9 {victim.Id} with {victimUsers.Count} sessions: all reconnected through HAProxy after {slowest.TotalSeconds:0.0} s (seen at {reconnected.TotalSeconds:0.0} s); " +
            $"registry exact after {converged.TotalSeconds:0.0} s; {victimUsers.Count - moved.Length}/{victimUsers.Count} got their old address back; {samples} invariant samples");
        Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
        Assert.True(moved.Length == 0, "users who did not get their address back: " + string.Join("; ", moved.Take(20)));
        Assert.True(victimUsers.Count > 0, "the victim had no session");
        AssertUnique(clients.Live);
        Assert.Equal(Sessions, clients.Live.Count);
    }

    // (c) drain a node through the control plane: its agent says drain, HAProxy sends it nobody
    // new, and its sessions go on (a ping through one of them is answered by the node's kernel).
    private async Task DrainAsync(Farm farm, FarmClients clients, FarmNode drained)
    {
        IReadOnlyList<SessionRecord> before = await farm.SessionsAsync();
        string[] drainedUsers = [.. before.Where(r => r.NodeId == drained.Id).Select(r => r.UserName)];
        Assert.NotEmpty(drainedUsers);
        NodeCommandStatus sent = await farm.Commands.SendAsync(new NodeCommand(Guid.NewGuid().ToString("N"), NodeCommandKind.Drain, drained.Id, DateTimeOffset.UtcNow));
        Assert.Equal(NodeCommandStatus.Queued, sent);
        long drainAt = Stopwatch.GetTimestamp();
        await EventuallyAsync(farm.ServersAsync, s => s[drained.Id].IsDraining, "HAProxy never saw the drain", TimeSpan.FromSeconds(15));
        output.WriteLine($"(c) HAProxy shows {drained.Id} draining {Stopwatch.GetElapsedTime(drainAt).TotalSeconds:0.0} s after the command");

        await clients.AddAsync(Enumerable.Range(Sessions, SessionsDuringDrain).Select(Farm.UserName));
        IReadOnlyList<SessionRecord> after = await EventuallyAsync(farm.SessionsAsync, r => Matches(r, clients.Live), "registry never matched the clients", TimeSpan.FromSeconds(15), r => Mismatch(r, clients.Live));
        string[] newOnDrained = [.. after.Where(r => r.NodeId == drained.Id && int.Parse(r.UserName.AsSpan(4), CultureInfo.InvariantCulture) >= Sessions).Select(r => r.UserName)];
        Assert.True(newOnDrained.Length == 0, $"new sessions landed on the drained node: {string.Join(", ", newOnDrained)}");
        Assert.All(drainedUsers, user => Assert.Equal(drained.Id, after.Single(r => r.UserName == user).NodeId));
        FarmClients.Connected oneOfThem = clients.Get(drainedUsers[0])!;
        Assert.Equal(0, oneOfThem.Generation);
        PingResult ping = await SessionPinger.PingAsync(oneOfThem.Session, Farm.ServerTunnelAddress, count: 3, timeout: TimeSpan.FromSeconds(5));
        output.WriteLine($"(c) {SessionsDuringDrain} new sessions, none on {drained.Id}; its {drainedUsers.Length} sessions continue (ping through one: {ping.Received}/{ping.Sent})");
        Assert.True(ping.Received > 0, "a session on the drained node no longer forwards");
    }

    // (d) an operator's "disconnect user" reaches the node holding the session, wherever it is sent from.
    private async Task DisconnectUserAsync(Farm farm, FarmClients clients, FarmNode node)
    {
        SessionRecord target = (await farm.SessionsAsync()).First(r => r.NodeId == node.Id);
        FarmClients.Connected before = clients.Get(target.UserName)!;
        NodeCommandStatus sent = await farm.Commands.SendAsync(new NodeCommand(Guid.NewGuid().ToString("N"), NodeCommandKind.DisconnectUser, node.Id, DateTimeOffset.UtcNow, UserName: target.UserName));
        Assert.Equal(NodeCommandStatus.Queued, sent);
        Client.SstpDisconnectInfo ended = await before.Session.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"(d) DisconnectUser {target.UserName} on {node.Id}: the session ended ({ended.Reason}); the other {clients.Live.Count - 1} sessions stay");
        Assert.Equal(SstpFarm.Protocol.Sstp.Client.SstpClientCloseReason.PeerDisconnect, ended.Reason);
    }

    // (e) SIGTERM: the agent says drain before the node disconnects anyone, so its users come back
    // on the other node (node1, activated again by command) and none is refused meanwhile.
    private async Task TerminateAsync(Farm farm, FarmClients clients, FarmNode stopping, FarmNode other)
    {
        Assert.Equal(NodeCommandStatus.Queued, await farm.Commands.SendAsync(new NodeCommand(Guid.NewGuid().ToString("N"), NodeCommandKind.Activate, other.Id, DateTimeOffset.UtcNow)));
        await EventuallyAsync(farm.ServersAsync, s => !s[other.Id].IsDraining, "HAProxy never saw the activation", TimeSpan.FromSeconds(15));
        string[] users = [.. (await farm.SessionsAsync()).Where(r => r.NodeId == stopping.Id).Select(r => r.UserName)];
        int failuresBefore = clients.Failures;

        long signalledAt = Stopwatch.GetTimestamp();
        stopping.Terminate();
        await EventuallyAsync(farm.ServersAsync, s => s[stopping.Id].IsDraining, "the agent never said drain after SIGTERM", TimeSpan.FromSeconds(5));
        TimeSpan drainSeen = Stopwatch.GetElapsedTime(signalledAt);
        int? exitCode = await stopping.WaitForExitAsync(TimeSpan.FromSeconds(40));
        TimeSpan exited = Stopwatch.GetElapsedTime(signalledAt);
        Assert.Equal(0, exitCode);
        await EventuallyAsync(farm.SessionsAsync, r => clients.Live.Count == Sessions + SessionsDuringDrain && Matches(r, clients.Live) && r.All(s => s.NodeId == other.Id), "the stopped node's users did not all come back on the other node", TimeSpan.FromSeconds(30));
        output.WriteLine($"(e) SIGTERM {stopping.Id} ({users.Length} sessions): HAProxy saw drain after {drainSeen.TotalSeconds:0.0} s, exit 0 after {exited.TotalSeconds:0.0} s; " +
            $"all {clients.Live.Count} sessions now on {other.Id} after {Stopwatch.GetElapsedTime(signalledAt).TotalSeconds:0.0} s ({clients.Failures - failuresBefore} connect attempts failed meanwhile)");
        AssertUnique(clients.Live);
    }
}
