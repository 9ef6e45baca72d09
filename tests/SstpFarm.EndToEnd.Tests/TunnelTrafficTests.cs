using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SstpFarm.Client;
using SstpFarm.Client.Diagnostics;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SstpFarm.EndToEnd.Tests;

/// <summary>Traffic from the client namespace through the tunnel, the node's TUN and kernel forwarding to the upstream host.</summary>
[Trait("Category", "EndToEnd")]
public sealed class TunnelTrafficTests(ITestOutputHelper output)
{
    private const int TransferBytes = 20 * 1024 * 1024;

    [Fact]
    public async Task TheLibraryClientPingsTheUpstreamHostThroughTheTunnel()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        await using SstpClientSession session = await network.ConnectAsync();
        Assert.True(IPNetwork.Parse(Topology.Pool).Contains(session.Info.LocalAddress), $"address {session.Info.LocalAddress}");

        PingResult ping = await SessionPinger.PingAsync(session, Topology.UpstreamAddress, count: 3);
        Assert.True(ping.Received == 3, $"{ping.Received}/{ping.Sent} echoes from the upstream host\n{network.Describe()}");

        SstpDisconnectInfo end = await session.DisconnectAsync();
        Assert.Equal(Protocol.Sstp.Client.SstpClientCloseReason.UserDisconnect, end.Reason);
        Eventually.True(() => network.Node.SessionCount == 0, network.Describe);
        Assert.Equal(1, network.Node.Counters.ClosedWith(ConnectionCloseReason.PeerDisconnect) + network.Node.Counters.ClosedWith(ConnectionCloseReason.PppPeerTerminated));
    }

    [Fact]
    public async Task TwentyMegabytesCrossTheTunnelBothWaysIntactThroughTheCliTun()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        string tun = NetworkNamespace.UniqueInterfaceName("e2et");
        using ClientCli cli = await ClientCli.ConnectAsync(network, tun);
        Assert.True(cli.Connected?["connected"]?.GetValue<bool>() == true, $"the CLI did not connect: {cli.StandardOutput} {cli.StandardError}");
        network.Topology.Client.Ip("route", "add", $"{Topology.UpstreamAddress}/32", "dev", tun);

        byte[] data = RandomNumberGenerator.GetBytes(TransferBytes);
        byte[] expected = SHA256.HashData(data);
        using Socket listener = NamespaceSockets.Listen(network.Topology.Upstream.Path, Topology.UpstreamAddress);
        var upstream = (IPEndPoint)listener.LocalEndPoint!;

        // Down: the upstream host sends, the client (a kernel socket in the client namespace, routed into the TUN) hashes.
        Task serve = SendAllAsync(listener, data);
        using (Socket socket = await NamespaceSockets.ConnectAsync(network.Topology.Client.Path, upstream))
        {
            (int count, byte[] hash) = await ReceiveAllAsync(socket);
            Assert.Equal(TransferBytes, count);
            Assert.Equal(expected, hash);
            socket.Shutdown(SocketShutdown.Send);
            await serve.WaitAsync(TimeSpan.FromSeconds(60));
        }

        // Up: the client sends, the upstream host hashes.
        Task<(int, byte[])> receive = AcceptAndHashAsync(listener);
        using (Socket socket = await NamespaceSockets.ConnectAsync(network.Topology.Client.Path, upstream))
        {
            await socket.SendAsync(data);
            socket.Shutdown(SocketShutdown.Send);
            (int count, byte[] hash) = await receive.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(TransferBytes, count);
            Assert.Equal(expected, hash);
        }

        output.WriteLine($"node: {network.Node.Counters.Connected} connected, forwarding drops: {network.Node.ForwardingCounters}");
        Assert.Equal(1, network.Node.SessionCount);
    }

    private static async Task SendAllAsync(Socket listener, byte[] data)
    {
        using Socket peer = await listener.AcceptAsync();
        await peer.SendAsync(data);
        peer.Shutdown(SocketShutdown.Send);
        await peer.ReceiveAsync(new byte[1]); // the client's FIN
    }

    private static async Task<(int Count, byte[] Hash)> AcceptAndHashAsync(Socket listener)
    {
        using Socket peer = await listener.AcceptAsync();
        return await ReceiveAllAsync(peer);
    }

    private static async Task<(int Count, byte[] Hash)> ReceiveAllAsync(Socket socket)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        byte[] buffer = new byte[64 * 1024];
        int total = 0;
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                return (total, sha.GetHashAndReset());
            }

            sha.AppendData(buffer, 0, read);
            total += read;
        }
    }
}
