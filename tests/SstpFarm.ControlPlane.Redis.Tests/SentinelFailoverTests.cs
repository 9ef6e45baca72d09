using System.Collections.Concurrent;
using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>
/// 1 primary + 1 replica + 3 sentinels on loopback; nodes allocate and release through the
/// failover (<c>SENTINEL FAILOVER</c>): they follow the new primary and no address is ever held twice.
/// </summary>
public sealed class SentinelFailoverTests(ITestOutputHelper output)
{
    private const string Service = "farmtest";

    [Fact]
    public async Task AllocationsContinueOnTheNewPrimaryWithoutDuplicates()
    {
        await using RedisProcess primary = await RedisProcess.StartServerAsync();
        await using RedisProcess replica = await RedisProcess.StartServerAsync("--replicaof", "127.0.0.1", primary.Port.ToString());
        await using RedisProcess s1 = await RedisProcess.StartSentinelAsync(Service, primary.Port);
        await using RedisProcess s2 = await RedisProcess.StartSentinelAsync(Service, primary.Port);
        await using RedisProcess s3 = await RedisProcess.StartSentinelAsync(Service, primary.Port);
        RedisProcess[] sentinels = [s1, s2, s3];
        await WaitUntilAsync("replica in sync", async () => (await Resp.CommandAsync(replica.Port, "INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal));
        await WaitUntilAsync("sentinels know the replica", async () =>
        {
            foreach (RedisProcess sentinel in sentinels)
            {
                if (!(await Resp.CommandAsync(sentinel.Port, "SENTINEL", "REPLICAS", Service)).Contains(replica.Port.ToString(), StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        });

        var options = new RedisConnectionOptions
        {
            SentinelEndPoints = [.. sentinels.Select(s => new DnsEndPoint("127.0.0.1", s.Port))],
            ServiceName = Service,
            TransferReplicas = 1,
            KeyPrefix = "sentinel",
        };
        var connections = new List<RedisConnection>();
        var pools = new List<RedisIpPool>();
        for (int n = 0; n < 3; n++)
        {
            RedisConnection connection = await RedisConnection.ConnectAsync(options);
            Assert.Equal(primary.Port, ((IPEndPoint)connection.Primary!).Port);
            connections.Add(connection);
            pools.Add(new RedisIpPool(connection, Infrastructure.Pools.Definition("10.90.0.0/22", $"n{n}"), new RedisIpPoolOptions { RecoveryWindow = TimeSpan.Zero }, TimeProvider.System));
        }

        var holders = new ConcurrentDictionary<string, string>();
        int duplicates = 0;
        int afterSwitch = 0;
        int unavailable = 0;
        bool switched = false;
        using var stop = new CancellationTokenSource();
        Task[] workers = [.. Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            RedisIpPool pool = pools[w % pools.Count];
            var random = new Random(w);
            var mine = new Queue<(string Session, string Address)>();
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                if (mine.Count > 0 && (random.Next(3) == 0 || mine.Count >= 20))
                {
                    (string session, string address) = mine.Dequeue();
                    holders.TryRemove(address, out _);
                    await pool.ReleaseAsync(session); // queued when Redis is away: the address stays out of use
                    continue;
                }

                string id = $"w{w}-{i}";
                IpAllocationResult result = await pool.AllocateAsync(new IpAllocationRequest(id, $"user{random.Next(100)}"));
                if (!result.Succeeded)
                {
                    Interlocked.Increment(ref unavailable);
                    await Task.Delay(5);
                    continue;
                }

                if (!holders.TryAdd(result.Lease!.Address.ToString(), id))
                {
                    Interlocked.Increment(ref duplicates);
                    output.WriteLine($"DUPLICATE {result.Lease.Address}: {id} and {holders[result.Lease.Address.ToString()]}");
                }

                if (Volatile.Read(ref switched))
                {
                    Interlocked.Increment(ref afterSwitch);
                }

                mine.Enqueue((id, result.Lease.Address.ToString()));
            }
        }))];
        Task maintenance = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(pools.Select(p => p.MaintainAsync().AsTask()));
                await Task.Delay(200);
            }
        });

        await Task.Delay(1000);
        await WaitUntilAsync("failover accepted", async () => await Resp.CommandAsync(s1.Port, "SENTINEL", "FAILOVER", Service) == "OK");
        await WaitUntilAsync("every node on the new primary", () => Task.FromResult(connections.All(c => ((IPEndPoint?)c.Primary)?.Port == replica.Port)));
        Volatile.Write(ref switched, true);
        await WaitUntilAsync("allocations on the new primary", () => Task.FromResult(Volatile.Read(ref afterSwitch) > 200));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        await maintenance;

        // Lost writes and releases are redone by maintenance passes; on a loaded machine one pass may
        // not be enough (a release can still be in its retry back-off), so allow a few, bounded.
        IReadOnlyList<IpLease> leases = [];
        Dictionary<string, string> stored = [];
        for (int pass = 0; pass < 50; pass++)
        {
            foreach (RedisIpPool pool in pools)
            {
                Assert.True(await pool.MaintainAsync());
            }

            leases = await pools[0].GetLeasesAsync();
            stored = leases.ToDictionary(l => l.Address.ToString(), l => l.SessionId);
            if (holders.OrderBy(h => h.Key).SequenceEqual(stored.OrderBy(s => s.Key)))
            {
                break;
            }

            await Task.Delay(200);
        }

        output.WriteLine($"{afterSwitch} allocations after the switch, {unavailable} refused during it, {holders.Count} held, {leases.Count} leases on the new primary");
        Assert.Equal(0, duplicates);
        Assert.Equal(holders.OrderBy(h => h.Key), stored.OrderBy(s => s.Key)); // lost writes restored, lost releases redone

        foreach (RedisConnection connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(string what, Func<Task<bool>> condition)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"gave up waiting for: {what}");
    }
}
