using System.Net;
using System.Net.Sockets;
using SstpFarm.Client;
using SstpFarm.Client.Diagnostics;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using SstpFarm.Protocol.Ppp;
using Xunit.Abstractions;

namespace SstpFarm.EndToEnd.Tests;

/// <summary>
/// Bad bytes injected into one established session (through <see cref="SstpRelay"/>) end or spare that session
/// as documented, and a bystander session on the same node keeps working.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MalformedPacketTests(ITestOutputHelper output)
{
    public static TheoryData<string, byte[], ConnectionCloseReason> SessionEnding => new()
    {
        // MS-SSTP §2.2.1: a length below the 4-byte header cannot delineate anything.
        { "length 2", [0x10, 0x00, 0x00, 0x02], ConnectionCloseReason.DelineationFailure },
        // MS-SSTP §2.2.2: an Echo Request announcing one attribute it does not carry.
        { "truncated control message", [0x10, 0x01, 0x00, 0x08, 0x00, 0x08, 0x00, 0x01], ConnectionCloseReason.InvalidFrame },
        // A packet whose declared length never arrives: the TLS stream ends mid-packet.
        { "truncated then EOF", [0x10, 0x00, 0x00, 0x64, 0xFF, 0x03, 0x00, 0x21, 0x45, 0x00], ConnectionCloseReason.TransportClosed },
    };

    [Theory]
    [MemberData(nameof(SessionEnding))]
    public async Task ABrokenPacketEndsThatSessionOnly(string what, byte[] bytes, ConnectionCloseReason expected)
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        await using SstpClientSession bystander = await network.ConnectAsync(EndToEndNetwork.OtherUser, EndToEndNetwork.OtherPassword);
        await using var relay = new SstpRelay(network.Topology.Node.Path, Topology.NodeAddress, network.NodeEndPoint, network.Certificates.Server);
        await using SstpClientSession victim = await network.ConnectAsync(server: relay.EndPoint);
        Assert.Equal(2, network.Node.SessionCount);

        await relay.InjectAsync(bytes, thenCloseToNode: expected == ConnectionCloseReason.TransportClosed);
        await relay.NodeClosed.WaitAsync(TimeSpan.FromSeconds(30));
        Eventually.True(() => network.Node.SessionCount == 1, network.Describe);
        output.WriteLine($"{what}: {string.Join(' ', Enum.GetValues<ConnectionCloseReason>().Where(r => network.Node.Counters.ClosedWith(r) > 0))}");
        Assert.Equal(1, network.Node.Counters.ClosedWith(expected));

        PingResult ping = await SessionPinger.PingAsync(bystander, Topology.UpstreamAddress, count: 2);
        Assert.True(ping.Received == 2, $"bystander: {ping.Received}/{ping.Sent}\n{network.Describe()}");
    }

    [Fact]
    public async Task AnUndecodablePppFrameIsDroppedAndCountedAndTheSessionGoesOn()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        await using var relay = new SstpRelay(network.Topology.Node.Path, Topology.NodeAddress, network.NodeEndPoint, network.Certificates.Server);
        await using SstpClientSession victim = await network.ConnectAsync(server: relay.EndPoint);

        // A data packet holding the HDLC address byte without its control byte (RFC 1662 §3.1): no PPP frame.
        await relay.InjectAsync([0x10, 0x00, 0x00, 0x06, 0xFF, 0x00]);
        Eventually.True(() => network.Node.Counters.DroppedInvalidFrame == 1, network.Describe);
        PingResult ping = await SessionPinger.PingAsync(victim, Topology.UpstreamAddress, count: 2);
        Assert.True(ping.Received == 2, $"after the bad frame: {ping.Received}/{ping.Sent}\n{network.Describe()}");
        Assert.Equal(1, network.Node.SessionCount);
    }

    [Fact]
    public async Task AFrameLargerThanTheMruDoesNotReachTheUpstreamHostAndOtherSessionsAreUnaffected()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        await using SstpClientSession bystander = await network.ConnectAsync(EndToEndNetwork.OtherUser, EndToEndNetwork.OtherPassword);
        await using var relay = new SstpRelay(network.Topology.Node.Path, Topology.NodeAddress, network.NodeEndPoint, network.Certificates.Server);
        await using SstpClientSession victim = await network.ConnectAsync(server: relay.EndPoint);
        using Socket udp = NamespaceSockets.ListenUdp(network.Topology.Upstream.Path, Topology.UpstreamAddress);
        int port = ((IPEndPoint)udp.LocalEndPoint!).Port;

        // Control: a datagram within the MRU arrives, so the path works and the next one is judged fairly.
        await relay.InjectAsync(SstpBytes.DataPacket(PppProtocol.Ipv4, SstpBytes.Ipv4Udp(victim.Info.LocalAddress, Topology.UpstreamAddress, 1000, port)));
        Assert.Equal(1000 - 28, await ReceiveAsync(udp, TimeSpan.FromSeconds(10)));

        // 3000 bytes: over the 1400-byte MRU the node announced (RFC 1661 §6.1), still a valid SSTP length (< 4096).
        await relay.InjectAsync(SstpBytes.DataPacket(PppProtocol.Ipv4, SstpBytes.Ipv4Udp(victim.Info.LocalAddress, Topology.UpstreamAddress, 3000, port)));
        int oversize = await ReceiveAsync(udp, TimeSpan.FromSeconds(2));
        output.WriteLine($"oversize datagram at the upstream host: {oversize} bytes; victim session open: {!relay.NodeClosed.IsCompleted}; {network.Describe()}");
        Assert.Equal(0, oversize);
        Assert.Equal(1, network.Node.Counters.DroppedOversize);

        PingResult ping = await SessionPinger.PingAsync(bystander, Topology.UpstreamAddress, count: 2);
        Assert.True(ping.Received == 2, $"bystander: {ping.Received}/{ping.Sent}\n{network.Describe()}");
    }

    /// <summary>The payload size of the next datagram, or 0 if none came in time.</summary>
    private static async Task<int> ReceiveAsync(Socket udp, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await udp.ReceiveAsync(new byte[65536], SocketFlags.None, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }
}
