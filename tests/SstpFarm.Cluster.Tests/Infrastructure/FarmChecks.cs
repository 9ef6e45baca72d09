using System.Diagnostics;
using System.Net;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>The invariants and waits the cluster tests share.</summary>
internal static class FarmChecks
{
    /// <summary>
    /// Every 200 ms until stopped: no two live clients share an address, no client's address is
    /// leased in Redis to another user, no two registry sessions share an address. Returns the samples taken.
    /// </summary>
    public static async Task<int> MonitorAsync(Farm farm, FarmClients clients, List<string> violations, CancellationToken stopping)
    {
        int samples = 0;
        while (!stopping.IsCancellationRequested)
        {
            IReadOnlyList<FarmClients.Connected> live = clients.Live;
            Dictionary<IPAddress, (string Session, string User, string Node)> leases = await farm.LeasesAsync();
            IReadOnlyList<SessionRecord> registry = await farm.SessionsAsync();
            foreach (IGrouping<IPAddress, FarmClients.Connected> shared in live.GroupBy(c => c.Address).Where(g => g.Count() > 1))
            {
                violations.Add($"clients {string.Join(", ", shared.Select(c => c.User))} all hold {shared.Key}");
            }

            foreach (FarmClients.Connected client in live)
            {
                if (leases.TryGetValue(client.Address, out var lease) && lease.User != client.User)
                {
                    violations.Add($"{client.User} holds {client.Address}, leased in Redis to {lease.User} ({lease.Session} on {lease.Node})");
                }
            }

            foreach (IGrouping<IPAddress?, SessionRecord> shared in registry.Where(r => r.InnerAddress is not null).GroupBy(r => r.InnerAddress).Where(g => g.Count() > 1))
            {
                violations.Add($"registry sessions {string.Join(", ", shared.Select(r => r.SessionId))} all have {shared.Key}");
            }

            samples++;
            try
            {
                await Task.Delay(200, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    public static bool Matches(IReadOnlyList<SessionRecord> registry, IReadOnlyList<FarmClients.Connected> live) =>
        registry.Count == live.Count
        && registry.Select(r => (r.UserName, r.InnerAddress?.ToString())).ToHashSet().SetEquals(live.Select(c => (c.User, (string?)c.Address.ToString())));

    public static void AssertUnique(IReadOnlyList<FarmClients.Connected> live) =>
        Assert.Equal(live.Count, live.Select(c => c.Address).Distinct().Count());

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string failure, TimeSpan within)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            T value = await read();
            if (done(value))
            {
                return value;
            }

            if (Stopwatch.GetElapsedTime(start) > within)
            {
                Assert.Fail($"{failure} within {within.TotalSeconds:0} s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The pool's leases are exactly the live clients' (address, user).</summary>
    public static bool LeasesMatch(Dictionary<IPAddress, (string Session, string User, string Node)> leases, IReadOnlyList<FarmClients.Connected> live) =>
        leases.Count == live.Count && live.All(c => leases.TryGetValue(c.Address, out var lease) && lease.User == c.User);
}
