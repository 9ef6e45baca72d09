using System.Net;
using SstpFarm.Client;
using SstpFarm.Client.Diagnostics;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;

namespace SstpFarm.EndToEnd.Tests;

[Trait("Category", "EndToEnd")]
public sealed class ConcurrentSessionsTests
{
    private const int Sessions = 100;

    [Fact]
    public async Task AHundredConcurrentSessionsGetUniqueAddressesAndAllPingTheUpstreamHost()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        using var gate = new SemaphoreSlim(25);
        SstpClientSession[] sessions = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return await network.ConnectAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
        try
        {
            IPAddress[] addresses = [.. sessions.Select(s => s.Info.LocalAddress)];
            Assert.Equal(Sessions, addresses.Distinct().Count());
            Assert.All(addresses, a => Assert.True(IPNetwork.Parse(Topology.Pool).Contains(a) && !a.Equals(EndToEndNetwork.ServerTunnelAddress), $"address {a}"));
            Assert.Equal(Sessions, network.Node.SessionCount);

            PingResult[] pings = await Task.WhenAll(sessions.Select(s => SessionPinger.PingAsync(s, Topology.UpstreamAddress, count: 2, timeout: TimeSpan.FromSeconds(5))));
            int silent = pings.Count(p => p.Received == 0);
            Assert.True(silent == 0, $"{silent} of {Sessions} sessions got no echo from the upstream host\n{network.Describe()}");
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisconnectAsync()));
        }

        Eventually.True(() => network.Node.SessionCount == 0, network.Describe);
    }
}
