using System.Diagnostics;
using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Pools;
using SstpFarm.ControlPlane.Redis.Sessions;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>kill -9 of redis-server mid-run: calls answer Unavailable at once, held blocks keep serving, everything converges after the restart.</summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillNineThenRestart()
    {
        await using RedisProcess server = await RedisProcess.StartServerAsync();
        await using RedisConnection connection = await RedisConnection.ConnectAsync(new RedisConnectionOptions { EndPoints = [new DnsEndPoint("127.0.0.1", server.Port)], KeyPrefix = "outage" });
        using var pool = new RedisIpPool(connection, Infrastructure.Pools.Definition("10.70.0.0/24", "n1"), new RedisIpPoolOptions { RecoveryWindow = TimeSpan.Zero }, TimeProvider.System);
        var registry = new RedisSessionRegistry(connection, TimeProvider.System);
        var held = new Dictionary<string, string>(); // session → address

        for (int i = 0; i < 5; i++)
        {
            held[$"before{i}"] = await TakeAsync(pool, $"before{i}", $"u{i}");
        }

        Assert.Equal(SessionRegistryStatus.Done, await registry.RegisterAsync(new SessionRecord("before0", "u0", "n1", IPAddress.Parse(held["before0"]), null, DateTimeOffset.UtcNow)));

        server.Kill();
        var clock = Stopwatch.StartNew();
        Assert.Equal(SessionRegistryStatus.Unavailable, await registry.RegisterAsync(new SessionRecord("x", "u9", "n1", null, null, DateTimeOffset.UtcNow)));
        TimeSpan registryUnavailable = clock.Elapsed;
        clock.Restart();
        Assert.Equal(IpAllocationStatus.Unavailable, (await pool.AllocateAsync(new IpAllocationRequest("s-static", "u9", IPAddress.Parse("10.70.0.200")))).Status);
        TimeSpan staticUnavailable = clock.Elapsed;
        output.WriteLine($"after kill -9: registry write Unavailable in {registryUnavailable.TotalMilliseconds:F1} ms, static allocation Unavailable in {staticUnavailable.TotalMilliseconds:F1} ms");

        // New sessions still come up from the block the node holds (10.70.0.0/28: .1-.15 usable,
        // 5 taken), releases are queued; once the block is used up, Unavailable.
        clock.Restart();
        for (int i = 0; i < 10; i++)
        {
            held[$"offline{i}"] = await TakeAsync(pool, $"offline{i}", $"v{i}");
        }

        output.WriteLine($"10 offline allocations from the held block in {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(IpReleaseStatus.Released, (await pool.ReleaseAsync("before1")).Status);
        held.Remove("before1");
        Assert.Equal(IpAllocationStatus.Unavailable, (await pool.AllocateAsync(new IpAllocationRequest("one-too-many", "w"))).Status);
        Assert.True(pool.PendingWrites >= 10);
        Assert.False(await pool.MaintainAsync());
        Assert.Equal(held.Count, held.Values.Distinct().Count());

        await server.RestartAsync();
        for (int i = 0; i < 100 && !await pool.MaintainAsync(); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, pool.PendingWrites);
        IReadOnlyList<IpLease> leases = await pool.GetLeasesAsync();
        Assert.Equal(held.OrderBy(h => h.Key), leases.Select(l => KeyValuePair.Create(l.SessionId, l.Address.ToString())).OrderBy(h => h.Key));

        // Back to normal: more blocks can be claimed, the registry answers.
        for (int i = 0; i < 20; i++)
        {
            held[$"after{i}"] = await TakeAsync(pool, $"after{i}", $"a{i}");
        }

        Assert.Equal(held.Count, held.Values.Distinct().Count());
        Assert.Equal("before0", (await registry.FindByAddressAsync(IPAddress.Parse(held["before0"])))?.SessionId);
    }

    private static async Task<string> TakeAsync(IIpPool pool, string session, string user)
    {
        IpAllocationResult result = await pool.AllocateAsync(new IpAllocationRequest(session, user));
        Assert.Equal(IpAllocationStatus.Allocated, result.Status);
        return result.Lease!.Address.ToString();
    }
}
