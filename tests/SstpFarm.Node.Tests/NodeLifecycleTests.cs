using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Node.Tests.Infrastructure;

namespace SstpFarm.Node.Tests;

/// <summary>Limits and graceful stop, with raw SSTP over TLS (no PPP needed).</summary>
public sealed class NodeLifecycleTests
{
    [Fact]
    public async Task GracefulStopSendsCallDisconnectAndEndsWhenItIsAcknowledged()
    {
        TestNode node = await TestNode.StartAsync(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        try
        {
            using SslStream ssl = await OpenSstpAsync(node);
            Task stop = node.Node.StopAsync();

            // MS-SSTP §3.1.1.1: Call Disconnect (message type 6), then we acknowledge (type 7).
            await ReadUntilControlMessageAsync(ssl, 0x0006);
            await ssl.WriteAsync(new byte[] { 0x10, 0x01, 0x00, 0x08, 0x00, 0x07, 0x00, 0x00 });
            await stop.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(1, node.Node.Counters.ClosedWith(ConnectionCloseReason.NodeShutdown));
            Assert.Equal(0, node.Node.SessionCount);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnOperatorDisconnectSendsCallDisconnectToThatSessionOnly()
    {
        await using TestNode node = await TestNode.StartAsync();
        using SslStream target = await OpenSstpAsync(node);
        Eventually.True(() => node.Node.SessionCount == 1, () => "first session not counted");
        string targetId = Assert.Single(node.Node.GetSessionIds());
        using SslStream bystander = await OpenSstpAsync(node);
        Eventually.True(() => node.Node.SessionCount == 2, () => "second session not counted");

        Assert.False(node.Node.DisconnectSession("no-such-session"));
        Assert.True(node.Node.DisconnectSession(targetId));

        // MS-SSTP §3.1.1.1: Call Disconnect (type 6), acknowledged by the client (type 7).
        await ReadUntilControlMessageAsync(target, 0x0006);
        await target.WriteAsync(new byte[] { 0x10, 0x01, 0x00, 0x08, 0x00, 0x07, 0x00, 0x00 });
        Eventually.True(() => node.Node.SessionCount == 1, () => "the disconnected session is still there");
        Assert.DoesNotContain(targetId, node.Node.GetSessionIds());
        Assert.Equal(1, node.Node.Counters.ClosedWith(ConnectionCloseReason.AdminDisconnect));
        Assert.Equal(0, node.Node.DisconnectUser("nobody"));
    }

    [Fact]
    public async Task ADrainingNodeAnswers503AndKeepsItsSessions()
    {
        await using TestNode node = await TestNode.StartAsync();
        using SslStream established = await OpenSstpAsync(node);
        Eventually.True(() => node.Node.SessionCount == 1, () => "session not counted");

        node.Node.Draining = true;
        using SslStream refused = await node.ConnectTlsAsync();
        await refused.WriteAsync(Encoding.ASCII.GetBytes(HandshakeTests.SstpRequest));
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", await HandshakeTests.ReadHeadAsync(refused), StringComparison.Ordinal);
        Assert.Equal(1, node.Node.SessionCount);

        node.Node.Draining = false;
        using SslStream accepted = await OpenSstpAsync(node);
        Eventually.True(() => node.Node.SessionCount == 2, () => "not accepting again after the drain ended");
    }

    [Fact]
    public async Task BeyondMaxSessionsTheAnswerIs503()
    {
        await using TestNode node = await TestNode.StartAsync(o => o.MaxSessions = 1);
        using SslStream first = await OpenSstpAsync(node);
        Eventually.True(() => node.Node.SessionCount == 1, () => "first session not counted");

        using SslStream second = await node.ConnectTlsAsync();
        await second.WriteAsync(Encoding.ASCII.GetBytes(HandshakeTests.SstpRequest));
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", await HandshakeTests.ReadHeadAsync(second), StringComparison.Ordinal);
        Eventually.True(() => node.Node.Counters.ClosedWith(ConnectionCloseReason.NodeAtCapacity) == 1, () => "not counted");
    }

    [Fact]
    public async Task ConnectionsBeyondTheHalfOpenLimitAreClosedAtOnce()
    {
        await using TestNode node = await TestNode.StartAsync(o => o.MaxPendingHandshakes = 1);
        using Socket silent = node.ConnectTcp();
        Eventually.True(() => node.Node.PendingHandshakeCount == 1, () => "first connection not pending");

        using Socket refused = node.ConnectTcp();
        Assert.Equal(0, await HandshakeTests.ReceiveOrResetAsync(refused, new byte[8]));
        Assert.Equal(1, node.Node.Counters.ClosedWith(ConnectionCloseReason.NodeAtCapacity));
        Assert.Equal(1, node.Node.PendingHandshakeCount);
    }

    private static async Task<SslStream> OpenSstpAsync(TestNode node)
    {
        SslStream ssl = await node.ConnectTlsAsync();
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(HandshakeTests.SstpRequest));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await HandshakeTests.ReadHeadAsync(ssl), StringComparison.Ordinal);
        await ssl.WriteAsync(HandshakeTests.CallConnectRequest());
        await ReadUntilControlMessageAsync(ssl, 0x0002); // Call Connect Ack
        return ssl;
    }

    /// <summary>Reads whole SSTP packets until a control message of <paramref name="messageType"/> (MS-SSTP §2.2.2).</summary>
    private static async Task ReadUntilControlMessageAsync(SslStream ssl, ushort messageType)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        byte[] header = new byte[4];
        while (true)
        {
            await ssl.ReadExactlyAsync(header, timeout.Token);
            int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) & 0x0FFF;
            byte[] body = new byte[length - 4];
            await ssl.ReadExactlyAsync(body, timeout.Token);
            if ((header[1] & 1) == 1 && BinaryPrimitives.ReadUInt16BigEndian(body) == messageType)
            {
                return;
            }
        }
    }
}
