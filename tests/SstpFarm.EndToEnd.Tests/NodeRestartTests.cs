using SstpFarm.Client;
using SstpFarm.Client.Diagnostics;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using SstpFarm.Protocol.Sstp.Client;
using Xunit.Abstractions;

namespace SstpFarm.EndToEnd.Tests;

[Trait("Category", "EndToEnd")]
public sealed class NodeRestartTests(ITestOutputHelper output)
{
    private const int Clients = 10;

    [Fact]
    public async Task ClientsReconnectAfterTheNodeRestartsOnTheSamePortAndPingAgain()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        int port = network.Port;
        SstpClientSession[] before = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => network.ConnectAsync()));
        Assert.Equal(Clients, network.Node.SessionCount);

        await network.RestartNodeAsync();
        Assert.Equal(port, network.Port);
        SstpDisconnectInfo[] ends = await Task.WhenAll(before.Select(s => s.Completion.WaitAsync(TimeSpan.FromSeconds(30))));
        output.WriteLine(string.Join('\n', ends.Select(e => e.ToString()).Distinct()));
        // Graceful stop: the node said Call Disconnect, the clients did not just lose the connection.
        Assert.All(ends, e => Assert.Equal(SstpClientCloseReason.PeerDisconnect, e.Reason));

        // The reconnect loop a client application runs.
        SstpClientSession[] after = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ReconnectAsync(network)));
        try
        {
            Assert.Equal(Clients, network.Node.SessionCount);
            Assert.Equal(Clients, after.Select(s => s.Info.LocalAddress).Distinct().Count());
            PingResult[] pings = await Task.WhenAll(after.Select(s => SessionPinger.PingAsync(s, Topology.UpstreamAddress, count: 2)));
            Assert.All(pings, p => Assert.Equal(2, p.Received));
        }
        finally
        {
            await Task.WhenAll(after.Select(s => s.DisconnectAsync()));
            foreach (SstpClientSession session in before)
            {
                await session.DisposeAsync();
            }
        }
    }

    private static async Task<SstpClientSession> ReconnectAsync(EndToEndNetwork network)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await network.ConnectAsync();
            }
            catch (SstpConnectException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }
}
