using System.Diagnostics;
using System.Net;
using SstpFarm.Client.Diagnostics;
using SstpFarm.Cluster.Tests.Infrastructure;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Sessions;
using static SstpFarm.Cluster.Tests.Infrastructure.FarmChecks;

namespace SstpFarm.Cluster.Tests;

/// <summary>
/// Issue 4's failure cases with real processes (same topology as <see cref="FarmTests"/>, fewer
/// clients): Redis killed for 30 s under load, a Sentinel failover while sessions come and go, and
/// a node cut off from Redis but not from its clients.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class FarmFailureTests(ITestOutputHelper output)
{
    /// <summary>How long the registry may take to show sessions that just came up (30 s reconcile + slack).</summary>
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    // Redis (AOF) is killed -9 for 30 s: the established sessions keep forwarding, new ones come
    // up from the blocks the nodes hold, some end; once Redis is back the registry and the leases
    // converge to exactly the live sessions. No address is held twice at any time.
    [Fact]
    public async Task KeepsServingWhileRedisIsDownAndConvergesAfter()
    {
        const int established = 60;
        const int newDuringOutage = 12;
        const int endingDuringOutage = 6;
        const int newAfter = 6;
        await using Farm farm = await Farm.StartAsync(established + newDuringOutage + newAfter, FarmRedis.Persistent);
        await using var clients = new FarmClients(farm, parallelConnects: 30);
        await RunAsync(farm, async () =>
        {
            await clients.AddAsync(Enumerable.Range(0, established).Select(Farm.UserName));
            IReadOnlyList<SessionRecord> before = await EventuallyAsync(farm.SessionsAsync, r => Matches(r, clients.Live), "registry never matched the clients", TimeSpan.FromSeconds(15), r => Mismatch(r, clients.Live));
            string[] leaving = [.. Enumerable.Range(0, endingDuringOutage).Select(i => Farm.UserName(i * 7))];
            FarmClients.Connected[] probes = [.. before.Where(r => !leaving.Contains(r.UserName)).GroupBy(r => r.NodeId).Select(g => clients.Get(g.First().UserName)!)];
            var violations = new List<string>();
            using var stopMonitor = new CancellationTokenSource();
            Task<int> monitor = MonitorAsync(farm, clients, violations, stopMonitor.Token);

            long killedAt = Stopwatch.GetTimestamp();
            farm.Redis.Kill();

            long start = Stopwatch.GetTimestamp();
            await clients.AddAsync(Enumerable.Range(established, newDuringOutage).Select(Farm.UserName));
            TimeSpan newUp = Stopwatch.GetElapsedTime(start);
            foreach (string user in leaving)
            {
                await clients.RemoveAsync(user);
            }

            int[] earlyPings = await PingAllAsync(probes);
            TimeSpan rest = Outage - Stopwatch.GetElapsedTime(killedAt);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            int[] latePings = await PingAllAsync(probes);
            int liveDuringOutage = clients.Live.Count;

            await farm.Redis.RestartAsync();
            long restartedAt = Stopwatch.GetTimestamp();
            await EventuallyAsync(
                async () => (Registry: await farm.SessionsAsync(), Leases: await farm.LeasesAsync(), Live: clients.Live),
                v => Matches(v.Registry, v.Live) && LeasesMatch(v.Leases, v.Live),
                "the registry and the leases did not converge to the live sessions",
                TimeSpan.FromSeconds(40));
            TimeSpan converged = Stopwatch.GetElapsedTime(restartedAt);

            start = Stopwatch.GetTimestamp();
            await clients.AddAsync(Enumerable.Range(established + newDuringOutage, newAfter).Select(Farm.UserName));
            TimeSpan afterUp = Stopwatch.GetElapsedTime(start);
            await EventuallyAsync(farm.SessionsAsync, r => Matches(r, clients.Live), "registry never matched the clients after the outage", TimeSpan.FromSeconds(15), r => Mismatch(r, clients.Live));
            await stopMonitor.CancelAsync();
            int samples = await monitor;

            output.WriteLine($"Redis killed for {Outage.TotalSeconds:0} s with {established} sessions: {newDuringOutage} new sessions up in {newUp.TotalSeconds:0.0} s from held blocks, " +
                $"{endingDuringOutage} ended, {liveDuringOutage} live; pings through one session on each of the {probes.Length} nodes: {string.Join("/", earlyPings)} early, {string.Join("/", latePings)} at {Outage.TotalSeconds:0} s (of 3 each); " +
                $"after the restart registry and leases exact in {converged.TotalSeconds:0.0} s; {newAfter} more sessions up in {afterUp.TotalSeconds:0.0} s; {samples} invariant samples");
            Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
            Assert.All(earlyPings.Concat(latePings), received => Assert.True(received > 0, "an established session stopped forwarding while Redis was down"));
            Assert.Equal(established + newDuringOutage - endingDuringOutage, liveDuringOutage);
            AssertUnique(clients.Live);
        });
    }

    // A forced Sentinel failover while users keep connecting and hanging up: the nodes follow the
    // new primary, no address is held twice (checked every 200 ms throughout), new sessions come up
    // after it, and the new primary holds exactly the live sessions' leases and registry entries.
    [Fact]
    public async Task SentinelFailoverWhileSessionsComeAndGo()
    {
        const int steady = 40;
        const int churners = 30;
        const int after = 6;
        await using Farm farm = await Farm.StartAsync(steady + churners + after, FarmRedis.Sentinel);
        await using var clients = new FarmClients(farm, parallelConnects: 20);
        RedisServer replica = farm.ExtraRedis[0];
        RedisServer sentinel = farm.ExtraRedis[1];
        await RunAsync(farm, async () =>
        {
            await clients.AddAsync(Enumerable.Range(0, steady).Select(Farm.UserName));
            // Known defect (closing note): on a loaded machine an address write of a session that just came up
            // is sometimes lost until the node's 30 s reconcile; the settle bound allows for that one.
            await EventuallyAsync(farm.SessionsAsync, r => Matches(r, clients.Live), "registry never matched the clients", SettleBound, r => Mismatch(r, clients.Live));
            var violations = new List<string>();
            using var stopMonitor = new CancellationTokenSource();
            Task<int> monitor = MonitorAsync(farm, clients, violations, stopMonitor.Token);
            using var stopChurn = new CancellationTokenSource();
            Task<int> churn = ChurnAsync(clients, Enumerable.Range(steady, churners).Select(Farm.UserName).ToArray(), stopChurn.Token);

            await Task.Delay(TimeSpan.FromSeconds(3));
            long failoverAt = Stopwatch.GetTimestamp();
            Assert.Equal("OK", await Resp.CommandAsync(sentinel.Port, "SENTINEL", "FAILOVER", Farm.SentinelService));
            await EventuallyAsync(() => Task.FromResult(((IPEndPoint?)farm.Connection.Primary)?.Port), port => port == replica.Port, "the test's connection never saw the new primary", TimeSpan.FromSeconds(30));
            TimeSpan switched = Stopwatch.GetElapsedTime(failoverAt);
            await Task.Delay(TimeSpan.FromSeconds(5)); // churn on the new primary
            await stopChurn.CancelAsync();
            int churned = await churn;

            long start = Stopwatch.GetTimestamp();
            await clients.AddAsync(Enumerable.Range(steady + churners, after).Select(Farm.UserName));
            TimeSpan afterUp = Stopwatch.GetElapsedTime(start);
            await EventuallyAsync(
                async () => (Registry: await farm.SessionsAsync(), Leases: await farm.LeasesAsync(), Live: clients.Live),
                v => Matches(v.Registry, v.Live) && LeasesMatch(v.Leases, v.Live),
                "the new primary's registry and leases did not converge to the live sessions",
                TimeSpan.FromSeconds(40));
            TimeSpan converged = Stopwatch.GetElapsedTime(failoverAt);
            await stopMonitor.CancelAsync();
            int samples = await monitor;

            output.WriteLine($"Sentinel failover with {steady} steady sessions and {churned} connects/hang-ups around it: the test saw the new primary after {switched.TotalSeconds:0.0} s; " +
                $"{after} new sessions up in {afterUp.TotalSeconds:0.0} s after it; registry and leases exact {converged.TotalSeconds:0.0} s after the failover; {samples} invariant samples");
            Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
            AssertUnique(clients.Live);
        });
    }

    // A node cut off from Redis but not from its clients (nftables in its namespace): it keeps
    // forwarding and takes new sessions from the blocks it holds while the others declare it dead;
    // at the offline limit (40 s) it ends its sessions and drains, and its users come back through
    // HAProxy on the others with their own addresses (sticky takeover). Healed, the registry and the
    // leases converge. No address is held twice at any time.
    [Fact]
    public async Task APartitionedNodeServesFromItsBlocksThenEndsItsSessions()
    {
        const int established = 30;
        const int newDuringPartition = 6;
        await using Farm farm = await Farm.StartAsync(established + newDuringPartition);
        await using var clients = new FarmClients(farm, parallelConnects: 30);
        FarmNode victim = farm.Node("node3");
        await RunAsync(farm, async () =>
        {
            await clients.AddAsync(Enumerable.Range(0, established).Select(Farm.UserName));
            IReadOnlyList<SessionRecord> before = await EventuallyAsync(farm.SessionsAsync, r => Matches(r, clients.Live), "registry never matched the clients", TimeSpan.FromSeconds(15), r => Mismatch(r, clients.Live));
            Dictionary<string, IPAddress> victimUsers = before.Where(r => r.NodeId == victim.Id).ToDictionary(r => r.UserName, r => r.InnerAddress!);
            Assert.NotEmpty(victimUsers);
            FarmClients.Connected probe = clients.Get(victimUsers.Keys.First())!;
            var violations = new List<string>();
            using var stopMonitor = new CancellationTokenSource();
            Task<int> monitor = MonitorAsync(farm, clients, violations, stopMonitor.Token);

            long cutAt = Stopwatch.GetTimestamp();
            victim.Partition(farm.Redis.Port);
            await clients.AddAsync(Enumerable.Range(established, newDuringPartition).Select(Farm.UserName));
            await EventuallyAsync(farm.SessionsAsync, r => r.All(s => s.NodeId != victim.Id), "the others never reaped the cut-off node's registry sessions", TimeSpan.FromSeconds(20));
            TimeSpan reaped = Stopwatch.GetElapsedTime(cutAt);
            int pingWhileDead = (await SessionPinger.PingAsync(probe.Session, Farm.ServerTunnelAddress, count: 3, timeout: TimeSpan.FromSeconds(3))).Received;

            await EventuallyAsync(
                () => Task.FromResult(victimUsers.Keys.Select(clients.Get).ToArray()),
                now => now.All(c => c is { Generation: > 0 } && !c.Session.Completion.IsCompleted),
                "the cut-off node's users did not all come back on the others",
                TimeSpan.FromSeconds(75));
            TimeSpan ended = victimUsers.Keys.Select(u => Stopwatch.GetElapsedTime(cutAt, clients.Get(u)!.ConnectedAt)).Min();
            TimeSpan back = victimUsers.Keys.Select(u => Stopwatch.GetElapsedTime(cutAt, clients.Get(u)!.ConnectedAt)).Max();
            string[] moved = [.. victimUsers.Where(v => !clients.Get(v.Key)!.Address.Equals(v.Value)).Select(v => $"{v.Key} had {v.Value}, now {clients.Get(v.Key)!.Address}")];

            victim.Heal();
            long healedAt = Stopwatch.GetTimestamp();
            await EventuallyAsync(
                async () => (Registry: await farm.SessionsAsync(), Leases: await farm.LeasesAsync(), Live: clients.Live),
                v => Matches(v.Registry, v.Live) && LeasesMatch(v.Leases, v.Live),
                "the registry and the leases did not converge after the partition healed",
                TimeSpan.FromSeconds(30));
            TimeSpan converged = Stopwatch.GetElapsedTime(healedAt);
            await stopMonitor.CancelAsync();
            int samples = await monitor;

            output.WriteLine($"{victim.Id} cut off from Redis with {victimUsers.Count} sessions: {newDuringPartition} new sessions up meanwhile; its registry sessions reaped after {reaped.TotalSeconds:0.0} s, " +
                $"a session on it still forwarding then (ping {pingWhileDead}/3); its users back on the others {ended.TotalSeconds:0.0}–{back.TotalSeconds:0.0} s after the cut, " +
                $"{victimUsers.Count - moved.Length}/{victimUsers.Count} with their old address; healed: registry and leases exact after {converged.TotalSeconds:0.0} s; {samples} invariant samples");
            Assert.True(violations.Count == 0, string.Join("\n", violations.Take(20)));
            Assert.True(pingWhileDead > 0, "the cut-off node stopped forwarding before its offline limit");
            Assert.True(ended > TimeSpan.FromSeconds(30), $"the cut-off node ended its sessions after {ended.TotalSeconds:0.0} s, before its offline limit");
            Assert.True(moved.Length == 0, "users who did not get their address back: " + string.Join("; ", moved.Take(20)));
            AssertUnique(clients.Live);
        });
    }

    /// <summary>Users come and go: each in turn connects (through the keep-connected loop) and hangs up a little later.</summary>
    private static async Task<int> ChurnAsync(FarmClients clients, string[] users, CancellationToken stopping)
    {
        int cycles = 0;
        var random = new Random(4);
        while (!stopping.IsCancellationRequested)
        {
            string user = users[cycles % users.Length];
            await clients.RemoveAsync(user);
            try
            {
                await clients.AddAsync([user]).WaitAsync(TimeSpan.FromSeconds(20), stopping);
                await Task.Delay(random.Next(50, 300), stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                // Stopping, or a connect that waits out the failover: the loop goes on with the next user.
            }

            cycles++;
        }

        return cycles;
    }

    private static async Task<int[]> PingAllAsync(IEnumerable<FarmClients.Connected> sessions) =>
        await Task.WhenAll(sessions.Select(async s => (await SessionPinger.PingAsync(s.Session, Farm.ServerTunnelAddress, count: 3, timeout: TimeSpan.FromSeconds(3))).Received));

    private async Task RunAsync(Farm farm, Func<Task> test)
    {
        try
        {
            await test();
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
}
